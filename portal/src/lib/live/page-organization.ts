// The organization a live page is about, as the database knows it now (an
// organization added after the last build has its pages at once).
import { isSlug } from '@governance/policies/vocabulary/urls';
import { PAGE_ORGANIZATION } from '../../scripts/privacy-request/operations.ts';
import { dataOf, type LivePageLocals } from './locals.ts';

export interface PageOrganization {
  slug: string;
  name: string;
}

/** Null for an address that names no organization (malformed or unknown): the page answers 404. */
export async function pageOrganization(locals: LivePageLocals, slug: string | undefined): Promise<PageOrganization | null> {
  if (!isSlug(slug)) return null;
  const { organization } = await dataOf(locals, PAGE_ORGANIZATION, { slug });
  return organization;
}
