// The one rule that offers the privacy request form on the search page: the
// policies say how to ask for deletion in their own words, which rarely match
// what a person types ("delete my data", "privacy request"), so a search that
// asks for deletion is answered with the form itself. Which forms are offered
// comes from the organizations (see `requestForms`), never from this text.
import { requestFormUrl } from '@governance/policies/vocabulary/urls';

/** Any one of these words asks for deletion on its own. */
const DELETION_WORDS = new Set([
  'delete',
  'deleted',
  'deleting',
  'deletion',
  'erase',
  'erasure',
  'forget',
  'forgotten',
  'remove',
  'removal',
]);
/** A word of each list together ask for the form: "privacy request", "data request form". */
const SUBJECT_WORDS = new Set(['privacy', 'data', 'personal', 'gdpr', 'ccpa']);
const REQUEST_WORDS = new Set(['request', 'requests', 'form']);

/** Lower-case words of the query, punctuation dropped. */
const wordsOf = (query: string) =>
  query
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Whether a search for `query` should offer the request forms. */
export function asksForRequestForm(query: string): boolean {
  const words = wordsOf(query);
  if (words.some((word) => DELETION_WORDS.has(word))) return true;
  return words.some((word) => SUBJECT_WORDS.has(word)) && words.some((word) => REQUEST_WORDS.has(word));
}

export interface RequestForm {
  organization: string;
  url: string;
}

/** Every organization of the portal takes privacy requests of every kind on its own form. */
export function requestForms(organizations: ReadonlyArray<{ slug: string; name: string }>): RequestForm[] {
  return organizations.map((organization) => ({ organization: organization.name, url: requestFormUrl(organization.slug) }));
}
