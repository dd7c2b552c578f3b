// The request form without JavaScript reads what the person ticked; a post
// from the form as it was before kinds (no marker) asked for deletion.
import { answerProblems } from '@governance/policies/vocabulary/intake-messages';
import { describe, expect, it } from 'vitest';
import { EMPTY_REQUEST_FORM, formIdempotencyKey, requestFormValues } from '../../portal/src/lib/live/request-form.ts';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const answers = 'email=ada%40example.com&name=Ada&jurisdiction=GDPR';

describe('the request form’s kinds', () => {
  it('reads every ticked kind', () => {
    expect(requestFormValues(new URLSearchParams(`kindsAsked=1&kinds=ACCESS&kinds=PORTABILITY&${answers}`)).kinds).toEqual([
      'ACCESS',
      'PORTABILITY',
    ]);
  });

  it('takes a post of the form from before kinds as a request for deletion', () => {
    expect(requestFormValues(new URLSearchParams(answers)).kinds).toEqual(['DELETION']);
  });

  it('refuses the new form sent with nothing ticked, naming kinds', () => {
    const values = requestFormValues(new URLSearchParams(`kindsAsked=1&${answers}`));
    expect(values.kinds).toEqual([]);
    expect(answerProblems(values)).toEqual([{ field: 'kinds', message: 'Choose at least one thing you want us to do.' }]);
    expect(answerProblems({ ...values, kinds: ['EVERYTHING'] })[0]?.field).toBe('kinds');
  });

  it('opens with "Delete my data" ticked, as the links to the form promise', () => {
    expect(EMPTY_REQUEST_FORM.kinds).toEqual(['DELETION']);
  });

  it('keys the same answers with other kinds as another request, and deletion alone as before kinds', () => {
    const values = requestFormValues(new URLSearchParams(answers));
    const copy = { ...values, kinds: ['ACCESS'] };
    expect(formIdempotencyKey('acme', copy, NOW)).not.toBe(formIdempotencyKey('acme', values, NOW));
    expect(formIdempotencyKey('acme', { ...copy, kinds: ['PORTABILITY', 'ACCESS'] }, NOW)).toBe(
      formIdempotencyKey('acme', { ...copy, kinds: ['ACCESS', 'PORTABILITY'] }, NOW),
    );
  });
});
