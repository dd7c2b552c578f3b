// The correction items of the privacy request form ("Correct something"),
// item by item: what is wrong, what it says now, what it should say, and
// why. Without JavaScript the form renders CORRECTION_FORM_ROWS rows and
// blank ones are ignored; with it, "Add another item" adds rows up to the
// API's limit. Pure: the live page (no-JS posts) and the page script read
// the same rows, and map the API's paths (corrections[2].proposedValue) to
// the form's field names (corrections-2-proposedValue).
import { CORRECTION_FORM_ROWS, CORRECTION_LIMITS } from '@governance/policies/vocabulary/privacy-request-items';

export const CORRECTION_PARTS = ['field', 'currentValue', 'proposedValue', 'reason'] as const;
export type CorrectionPart = (typeof CORRECTION_PARTS)[number];

export type CorrectionRow = Record<CorrectionPart, string>;

/** The form's name of one part of a row: `corrections-2-proposedValue`. */
export const correctionFieldName = (index: number, part: CorrectionPart) => `corrections-${index}-${part}`;

/** The hidden field saying how many rows the form holds (more than the default once a script added some). */
export const CORRECTION_ROWS_FIELD = 'corrections-rows';

interface Fields {
  get(name: string): FormDataEntryValue | string | null;
}

/** How many rows the form sent: the default without a script, never more than the API takes. */
export function correctionRowCount(fields: Fields): number {
  const sent = Number(fields.get(CORRECTION_ROWS_FIELD) ?? CORRECTION_FORM_ROWS);
  if (!Number.isInteger(sent) || sent < 1) return CORRECTION_FORM_ROWS;
  return Math.min(sent, CORRECTION_LIMITS.items);
}

/** Every row as typed, blank ones included (the form shows them again as they were). */
export function correctionRowsOf(fields: Fields): CorrectionRow[] {
  return Array.from({ length: correctionRowCount(fields) }, (_, index) => {
    const row = {} as CorrectionRow;
    for (const part of CORRECTION_PARTS) row[part] = String(fields.get(correctionFieldName(index, part)) ?? '');
    return row;
  });
}

const isBlank = (row: CorrectionRow) => CORRECTION_PARTS.every((part) => row[part].trim() === '');

/**
 * The rows the person filled in, as the API takes them, each with the index
 * of its row on the form (so the API's `corrections[1]` is found again on
 * the row the person typed it in, blank rows before it notwithstanding).
 */
export function filledCorrections(rows: readonly CorrectionRow[]): {
  items: { field: string; currentValue: string | null; proposedValue: string; reason: string | null }[];
  rowOf: number[];
} {
  const items: { field: string; currentValue: string | null; proposedValue: string; reason: string | null }[] = [];
  const rowOf: number[] = [];
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    items.push({
      field: row.field.trim(),
      currentValue: row.currentValue.trim() || null,
      proposedValue: row.proposedValue.trim(),
      reason: row.reason.trim() || null,
    });
    rowOf.push(index);
  });
  return { items, rowOf };
}

/** The form field an API path names: `corrections[1].proposedValue` → the name on the row it came from; `corrections` stays. */
export function formFieldOfCorrectionPath(path: string, rowOf: readonly number[]): string {
  const match = /^corrections\[(\d+)\]\.(field|currentValue|proposedValue|reason)$/.exec(path);
  if (!match) return path;
  const row = rowOf[Number(match[1])];
  return row === undefined ? 'corrections' : correctionFieldName(row, match[2] as CorrectionPart);
}
