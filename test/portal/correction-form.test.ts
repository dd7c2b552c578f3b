// The correction rows of the privacy request form, as the live page and the
// page script read them: blank rows are ignored, the count of rows is bounded
// by the API's limit, and a refusal naming `corrections[1].proposedValue` is
// shown on the row the person typed that item in.
import { describe, expect, it } from 'vitest';
import { correctionRowsOf, filledCorrections, formFieldOfCorrectionPath } from '../../portal/src/lib/correction-form.ts';

const form = (entries: Record<string, string>) => new URLSearchParams(entries);

describe('the correction rows of the request form', () => {
  it('reads three rows without a script, ignores blank ones and trims what was typed', () => {
    const rows = correctionRowsOf(
      form({
        'corrections-0-field': '  ',
        'corrections-1-field': ' Postal address ',
        'corrections-1-currentValue': '12 Old Road',
        'corrections-1-proposedValue': ' 40 New Street ',
        'corrections-2-field': 'Date of birth',
        'corrections-2-proposedValue': '1 October 1990',
        'corrections-2-reason': 'Typo',
      }),
    );
    expect(rows).toHaveLength(3);
    expect(filledCorrections(rows)).toEqual({
      items: [
        { field: 'Postal address', currentValue: '12 Old Road', proposedValue: '40 New Street', reason: null },
        { field: 'Date of birth', currentValue: null, proposedValue: '1 October 1990', reason: 'Typo' },
      ],
      rowOf: [1, 2],
    });
  });

  it('reads the rows a script added, never more than the API takes, and falls back to three on nonsense', () => {
    expect(correctionRowsOf(form({ 'corrections-rows': '5' }))).toHaveLength(5);
    expect(correctionRowsOf(form({ 'corrections-rows': '5000' }))).toHaveLength(20);
    expect(correctionRowsOf(form({ 'corrections-rows': '-1' }))).toHaveLength(3);
    expect(correctionRowsOf(form({ 'corrections-rows': 'many' }))).toHaveLength(3);
  });

  it("puts the API's refusal of an item on the row it was typed in", () => {
    expect(formFieldOfCorrectionPath('corrections[1].proposedValue', [1, 2])).toBe('corrections-2-proposedValue');
    expect(formFieldOfCorrectionPath('corrections[0].field', [1, 2])).toBe('corrections-1-field');
    expect(formFieldOfCorrectionPath('corrections', [1, 2])).toBe('corrections');
    expect(formFieldOfCorrectionPath('corrections[7].field', [0])).toBe('corrections');
    expect(formFieldOfCorrectionPath('email', [0])).toBe('email');
  });
});
