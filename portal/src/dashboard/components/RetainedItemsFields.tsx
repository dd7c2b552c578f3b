// The completion dialog's "what was kept, and why": zero or more items, each
// a reason (legal obligation, legal claims, security and abuse, billing and
// tax, other), what was kept, and optionally until when. The requester reads
// them on the status page, in the completion mail and in the receipt.
import {
  RETAINED_LIMITS,
  RETENTION_BASES,
  RETENTION_BASIS_LABELS,
  type RetentionBasis,
} from '@governance/policies/vocabulary/privacy-request-items';
import { useState } from 'preact/hooks';

export interface RetainedRow {
  basis: RetentionBasis;
  description: string;
  until: string | null;
}

/** The rows of the form, in order, as the API takes them (blank rows are the ones a person added and left). */
export function retainedRowsOf(form: FormData): RetainedRow[] {
  const count = Number(form.get('retained-count') ?? 0);
  const rows: RetainedRow[] = [];
  for (let index = 0; index < count; index++) {
    const basis = String(form.get(`retained-${index}-basis`) ?? 'OTHER') as RetentionBasis;
    const until = String(form.get(`retained-${index}-until`) ?? '').trim();
    rows.push({ basis, description: String(form.get(`retained-${index}-description`) ?? '').trim(), until: until || null });
  }
  return rows;
}

/** Every problem of the rows at once, under the API's own paths (retained[1].description). */
export function retainedProblemsOf(rows: readonly RetainedRow[], today: string): Record<string, string> {
  const problems: Record<string, string> = {};
  rows.forEach((row, index) => {
    if (row.description === '') problems[`retained[${index}].description`] = `Say what was kept (item ${index + 1}), or remove the item.`;
    else if (row.description.length > RETAINED_LIMITS.description)
      problems[`retained[${index}].description`] = 'What was kept must have at most 2,000 characters.';
    if (row.until && !/^\d{4}-\d{2}-\d{2}$/.test(row.until)) problems[`retained[${index}].until`] = 'Give the date as YYYY-MM-DD.';
    else if (row.until && row.until < today) problems[`retained[${index}].until`] = 'The date it is kept until cannot be in the past.';
  });
  return problems;
}

export function RetainedItemsFields({ errors }: { errors: Partial<Record<string, string>> }) {
  const [rows, setRows] = useState<number[]>([]);
  const [next, setNext] = useState(0);
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `action-error-${field}` } : {};
  const error = (field: string) =>
    errors[field] ? (
      <p id={`action-error-${field}`} class="dash-field-error">
        {errors[field]}
      </p>
    ) : null;
  return (
    <fieldset class="dash-retained">
      <legend>What was kept, and why</legend>
      <p class="dash-field-hint">
        If some of the person's data must be kept (for example invoices under tax law), say what and why. The person sees this on their
        status page, in the mail and in the receipt. Leave it empty when nothing was kept.
      </p>
      <input type="hidden" name="retained-count" value={rows.length} />
      {rows.map((key, index) => (
        <fieldset key={key} class="dash-retained-item">
          <legend>Kept item {index + 1}</legend>
          <div class="dash-field">
            <label for={`retained-${key}-basis`}>Why it was kept</label>
            <select id={`retained-${key}-basis`} name={`retained-${index}-basis`}>
              {RETENTION_BASES.map((basis) => (
                <option key={basis} value={basis}>
                  {RETENTION_BASIS_LABELS[basis]}
                </option>
              ))}
            </select>
          </div>
          <div class="dash-field">
            <label for={`action-field-retained[${index}].description`}>What was kept</label>
            <textarea
              id={`action-field-retained[${index}].description`}
              name={`retained-${index}-description`}
              rows={2}
              maxLength={RETAINED_LIMITS.description}
              {...invalid(`retained[${index}].description`)}
            />
            {error(`retained[${index}].description`)}
          </div>
          <div class="dash-field">
            <label for={`action-field-retained[${index}].until`}>Kept until (optional)</label>
            <input
              id={`action-field-retained[${index}].until`}
              name={`retained-${index}-until`}
              type="date"
              {...invalid(`retained[${index}].until`)}
            />
            {error(`retained[${index}].until`)}
          </div>
          <button type="button" class="dash-secondary" onClick={() => setRows((before) => before.filter((row) => row !== key))}>
            Remove kept item {index + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="dash-secondary"
        onClick={() => {
          setRows((before) => [...before, next]);
          setNext((count) => count + 1);
        }}
      >
        Add something that was kept
      </button>
    </fieldset>
  );
}
