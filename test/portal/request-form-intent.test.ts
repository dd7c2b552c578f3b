// The search page's one rule for offering the privacy request forms: what a
// person types when they want their data deleted rarely matches a policy's
// own words, so such a search is answered with the forms themselves.
import { describe, expect, it } from 'vitest';
import { asksForRequestForm, requestForms } from '../../portal/src/lib/request-form-intent.ts';

describe('offering the request form on the search page', () => {
  it('recognises searches that ask for deletion or a privacy request, whatever their case and punctuation', () => {
    for (const query of [
      'delete my data',
      'Privacy request',
      'how do I ERASE my account?',
      'right to be forgotten',
      'data request form',
      'GDPR request',
    ])
      expect(asksForRequestForm(query), query).toBe(true);
  });

  it('leaves other searches alone, privacy or data on their own included', () => {
    for (const query of ['', 'privacy', 'data retention', 'export', 'request', 'fees and billing'])
      expect(asksForRequestForm(query), query).toBe(false);
  });

  it('lists the form of every organization it is given, by name, at its address', () => {
    expect(
      requestForms([
        { slug: 'acme', name: 'Acme Cloud' },
        { slug: 'globex', name: 'Globex' },
      ]),
    ).toEqual([
      { organization: 'Acme Cloud', url: '/acme/privacy-request/' },
      { organization: 'Globex', url: '/globex/privacy-request/' },
    ]);
  });
});
