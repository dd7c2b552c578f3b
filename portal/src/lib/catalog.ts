// Joins the two content collections into organizations and their policies,
// as every page sees them on the build's "today".

import { type CollectionEntry, getCollection } from 'astro:content';
import { canonicalText, sha256Hex } from '@governance/policies/canonical';
import type { Contact } from '@governance/policies/schema';
import { readRegisterFiles } from '@governance/policies/subprocessors/register-files';
import { parseVersionId } from './entry-ids.ts';
import { POLICIES_DIR } from './policies-dir.ts';
import { groupPolicyVersions, type PolicyVersions, type VersionFacts, type VisibleVersion } from './policy-versions.ts';
import { describeRegister, type SubprocessorRegister } from './subprocessor-register.ts';
import { portalToday } from './today.ts';

export interface CatalogVersion extends VersionFacts {
  title: string;
  summary: string;
  material: boolean;
  /** The canonical Markdown text, as the API serves it as `body`. */
  body: string;
  /** SHA-256 of `body`: the same hash as the lock file and the API. */
  sha256: string;
  entry: CollectionEntry<'versions'>;
}

export type VisibleCatalogVersion = VisibleVersion<CatalogVersion>;

export interface Policy extends PolicyVersions<CatalogVersion> {
  /** The current version's title, or the newest visible one's before any takes effect. */
  title: string;
}

export interface Organization {
  slug: string;
  name: string;
  website: string | undefined;
  contacts: Contact[];
  /** Every policy with a visible version, by title; see `listedPolicies`. */
  policies: Policy[];
  /** Its subprocessor list (policies/<org>/subprocessors/), as public on the portal's day; no versions when it has none. */
  subprocessors: SubprocessorRegister;
}

export interface Catalog {
  today: string;
  organizations: Organization[];
}

/** Top-level paths the site itself uses; an organization with one of these slugs would collide. */
const RESERVED_SLUGS = new Set(['search', 'pagefind', '404', '_astro', 'schemas']);

let built: Promise<Catalog> | undefined;

export function loadCatalog(): Promise<Catalog> {
  // The dev server must see edited files; a static build reads them once.
  if (import.meta.env.DEV) return buildCatalog();
  built ??= buildCatalog();
  return built;
}

/** Index pages list only policies that have a version in effect. */
export function listedPolicies(organization: Organization): Array<Policy & { current: CatalogVersion }> {
  return organization.policies.filter((policy): policy is Policy & { current: CatalogVersion } => policy.current !== undefined);
}

async function buildCatalog(): Promise<Catalog> {
  const today = portalToday();
  const [organizationEntries, versionEntries] = await Promise.all([getCollection('organizations'), getCollection('versions')]);
  const groups = groupPolicyVersions(versionEntries.map(toCatalogVersion), today);
  const knownOrganizations = new Set(organizationEntries.map((entry) => entry.id));
  // Read with the function `policies:check` and the sync use, so the hashes shown are the lock's.
  const registers = await readRegisterFiles(POLICIES_DIR, [...knownOrganizations]);
  const [problem] = registers.problems;
  if (problem) throw new Error(`${problem.file}: ${problem.field ?? ''} ${problem.message} (run pnpm policies:check)`);
  for (const group of groups) {
    if (!knownOrganizations.has(group.organization)) {
      throw new Error(`policies/${group.organization}/ has policies but no organization.yaml (run pnpm policies:check)`);
    }
  }
  const organizations = organizationEntries
    .map((entry): Organization => {
      if (RESERVED_SLUGS.has(entry.id))
        throw new Error(`organization folder "${entry.id}" collides with the portal's own /${entry.id}/ page`);
      return {
        slug: entry.id,
        name: entry.data.name,
        website: entry.data.website,
        contacts: entry.data.contacts,
        policies: groups
          .filter((group) => group.organization === entry.id)
          .map((group) => ({ ...group, title: (group.current ?? group.versions[0]?.version)?.title ?? group.policy }))
          .sort((a, b) => a.title.localeCompare(b.title)),
        subprocessors: describeRegister(
          registers.versions.filter((version) => version.organization === entry.id),
          entry.data.subprocessorNoticeDays,
          today,
        ),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { today, organizations };
}

function toCatalogVersion(entry: CollectionEntry<'versions'>): CatalogVersion {
  const location = parseVersionId(entry.id);
  if (location.version !== entry.data.version) {
    throw new Error(
      `${entry.filePath ?? entry.id}: frontmatter version "${entry.data.version}" does not match the file name (run pnpm policies:check)`,
    );
  }
  const { title, summary, effective, published, material } = entry.data;
  const body = canonicalText(entry.body ?? '');
  return { ...location, title, summary, effective, published, material, body, sha256: sha256Hex(body), entry };
}
