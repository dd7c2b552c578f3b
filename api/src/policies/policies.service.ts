// Use cases of the policies domain: reading what is public at an instant.
// Lists load through request-scoped DataLoaders so nested queries cost one
// SQL statement per level, not one per parent.
import type { Db } from '@governance/db';
import { diffPolicyTexts, type PolicyTextDiff } from '@governance/policies/diff';
import {
  publishedVersions,
  upcomingVersion,
  versionInForce,
  versionsEffectiveBetween,
} from '@governance/policies/vocabulary/version-in-force';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../shared/domain-error.ts';
import type { RequestUseCaseContext, UseCaseContext } from '../use-case-context.ts';
import type { Organization, Policy, PolicyVersion, PolicyVersionContent } from './models.ts';
import * as repository from './policies.repository.ts';

export interface PolicyLoaders {
  organizationById: DataLoader<string, Organization | null>;
  organizationBySlug: DataLoader<string, Organization | null>;
  policyById: DataLoader<string, Policy | null>;
  policiesByOrganizationId: DataLoader<string, Policy[]>;
  versionsByPolicyId: DataLoader<string, PolicyVersion[]>;
  versionById: DataLoader<string, PolicyVersion | null>;
  versionContentById: DataLoader<string, PolicyVersionContent>;
}

/**
 * Published texts never change (the database refuses it), and ids are
 * never reused, so their content is cached for the life of the process;
 * only which versions exist is read from the database on every request.
 */
const versionContents = new LRUCache<string, PolicyVersionContent>({ max: 2000 });

async function loadVersionContents(db: Db, ids: readonly string[]): Promise<PolicyVersionContent[]> {
  const missing = ids.filter((id) => !versionContents.has(id));
  for (const row of await repository.findVersionContents(db, missing)) {
    versionContents.set(row.id, { body: row.body, html: row.html, sections: row.sections });
  }
  return ids.map((id) => {
    const content = versionContents.get(id);
    if (!content) throw new Error(`policy version ${id} has no content`);
    return content;
  });
}

function byKey<T>(items: T[], key: (item: T) => string): (id: string) => T | null {
  const map = new Map(items.map((item) => [key(item), item]));
  return (id) => map.get(id) ?? null;
}

function groupedBy<T>(items: T[], key: (item: T) => string): (id: string) => T[] {
  const groups = Map.groupBy(items, key);
  return (id) => groups.get(id) ?? [];
}

export function createPolicyLoaders(db: Db): PolicyLoaders {
  return {
    organizationById: new DataLoader(async (ids) => ids.map(byKey(await repository.findOrganizationsByIds(db, ids), (o) => o.id))),
    organizationBySlug: new DataLoader(async (slugs) =>
      slugs.map(byKey(await repository.findOrganizationsBySlugs(db, slugs), (o) => o.slug)),
    ),
    policyById: new DataLoader(async (ids) => ids.map(byKey(await repository.findPoliciesByIds(db, ids), (p) => p.id))),
    policiesByOrganizationId: new DataLoader(async (ids) =>
      ids.map(groupedBy(await repository.findPoliciesByOrganizationIds(db, ids), (p) => p.organizationId)),
    ),
    versionsByPolicyId: new DataLoader(async (ids) =>
      ids.map(groupedBy(await repository.findVersionsByPolicyIds(db, ids), (v) => v.policyId)),
    ),
    versionById: new DataLoader(async (ids) => ids.map(byKey(await repository.findVersionsByIds(db, ids), (v) => v.id))),
    versionContentById: new DataLoader((ids) => loadVersionContents(db, ids)),
  };
}

/** What the reads of this domain use: the request's loaders and instant, and the process's catalog. */
type PolicyReads = Pick<RequestUseCaseContext, 'db' | 'loaders' | 'policyCatalog' | 'now'>;

export function listOrganizations({ db }: Pick<UseCaseContext, 'db'>): Promise<Organization[]> {
  return repository.listOrganizations(db);
}

/** The organization with this slug, looked up once per request however many fields ask. */
export async function findOrganization({ loaders }: Pick<RequestUseCaseContext, 'loaders'>, slug: string): Promise<Organization | null> {
  return loaders.organizationBySlug.load(slug);
}

/**
 * The organization's id, or null for an unknown slug: the one lookup every
 * domain uses to turn an `organization` argument into the tenant it scopes
 * by. Callers refuse an unknown organization exactly like a forbidden one.
 */
export async function organizationIdForSlug(context: Pick<RequestUseCaseContext, 'loaders'>, slug: string): Promise<string | null> {
  return (await findOrganization(context, slug))?.id ?? null;
}

/** Organizations by id, through the request's loader (one query however many). */
export async function organizationsLoaded(
  { loaders }: Pick<RequestUseCaseContext, 'loaders'>,
  organizationIds: readonly string[],
): Promise<Map<string, Organization>> {
  const found = await loaders.organizationById.loadMany(organizationIds);
  return new Map(
    found.flatMap((organization) => (organization && !(organization instanceof Error) ? [[organization.id, organization]] : [])),
  );
}

/** The slugs of organizations by id, through the request's loader (one query however many). */
export async function organizationSlugs(
  context: Pick<RequestUseCaseContext, 'loaders'>,
  organizationIds: readonly string[],
): Promise<Map<string, string>> {
  const found = await organizationsLoaded(context, organizationIds);
  return new Map([...found].map(([id, organization]) => [id, organization.slug]));
}

/** The same lookup outside a request (commands, jobs, the static portal's snapshot): one query, no cache. */
export function organizationBySlug({ db }: Pick<UseCaseContext, 'db'>, slug: string): Promise<Organization | null> {
  return repository.findOrganizationBySlug(db, slug);
}

/** Organizations by id (those that exist), in one query. */
export async function organizationsWithIds({ db }: Pick<UseCaseContext, 'db'>, ids: readonly string[]): Promise<Map<string, Organization>> {
  return new Map((await repository.findOrganizationsByIds(db, [...new Set(ids)])).map((organization) => [organization.id, organization]));
}

/** Ids of the organizations that require two-step sign-in of their members (auth enforces the rule). */
export function organizationIdsRequiringSecondFactor({ db }: Pick<UseCaseContext, 'db'>): Promise<string[]> {
  return repository.findOrganizationIdsRequiringSecondFactor(db);
}

/**
 * Stores an organization's two-step sign-in rule; false when it was so
 * already. Auth owns the use case (who may change it, the audit event) and
 * calls this inside its transaction.
 */
export function storeSecondFactorRequired({ db }: Pick<UseCaseContext, 'db'>, organizationId: string, required: boolean): Promise<boolean> {
  return repository.updateSecondFactorRequired(db, organizationId, required);
}

/** An organization known to exist (a row references it). */
export async function organizationWithId({ db }: Pick<UseCaseContext, 'db'>, id: string): Promise<Organization> {
  const [organization] = await repository.findOrganizationsByIds(db, [id]);
  if (!organization) throw new Error(`organization ${id} does not exist`);
  return organization;
}

export async function findPolicy(
  { db, loaders, policyCatalog: catalog }: PolicyReads,
  organizationSlug: string,
  policySlug: string,
): Promise<Policy | null> {
  let found = catalog.get(organizationSlug, policySlug);
  if (!found) {
    const generation = catalog.generation;
    found = (await repository.findPolicyWithVersionsBySlugs(db, organizationSlug, policySlug)) ?? undefined;
    if (!found) return null;
    catalog.set(organizationSlug, policySlug, found, generation);
  }
  loaders.versionsByPolicyId.prime(found.policy.id, found.versions);
  return found.policy;
}

/** Policies of an organization that have at least one published version. */
export async function policiesOf({ loaders, now }: PolicyReads, organizationId: string): Promise<Policy[]> {
  const policies = await loaders.policiesByOrganizationId.load(organizationId);
  const versions = await loaders.versionsByPolicyId.loadMany(policies.map((policy) => policy.id));
  return policies.filter((_, index) => {
    const ofPolicy = versions[index];
    return Array.isArray(ofPolicy) && publishedVersions(ofPolicy, now).length > 0;
  });
}

/** Published versions, newest effective date first. */
export async function versionsOf({ loaders, now }: PolicyReads, policyId: string): Promise<PolicyVersion[]> {
  return publishedVersions(await loaders.versionsByPolicyId.load(policyId), now);
}

export async function currentVersionOf(context: PolicyReads, policyId: string): Promise<PolicyVersion | null> {
  return versionInForce(await versionsOf(context, policyId), context.now);
}

export async function versionOf(context: PolicyReads, policyId: string, version: string): Promise<PolicyVersion | null> {
  return (await versionsOf(context, policyId)).find((candidate) => candidate.version === version) ?? null;
}

export async function versionInForceAt(context: PolicyReads, policyId: string, at: Date): Promise<PolicyVersion | null> {
  return versionInForce(await versionsOf(context, policyId), at);
}

export async function organizationById({ loaders }: PolicyReads, id: string): Promise<Organization | null> {
  return loaders.organizationById.load(id);
}

/** Looks a node up by id, hiding versions that are not yet published. */
export async function policyById({ loaders }: PolicyReads, id: string): Promise<Policy | null> {
  return loaders.policyById.load(id);
}

export async function publishedVersionById({ loaders, now }: PolicyReads, id: string): Promise<PolicyVersion | null> {
  const version = await loaders.versionById.load(id);
  return version && version.publishedAt.getTime() <= now.getTime() ? version : null;
}

export function contentOf({ loaders }: PolicyReads, version: PolicyVersion): Promise<PolicyVersionContent> {
  return loaders.versionContentById.load(version.id);
}

/** The earliest published version that takes effect after now (a pending change), if any. */
export async function upcomingVersionOf(context: PolicyReads, policyId: string): Promise<PolicyVersion | null> {
  return upcomingVersion(await versionsOf(context, policyId), context.now);
}

export interface PolicyDiff extends PolicyTextDiff {
  from: PolicyVersion;
  to: PolicyVersion;
}

/** Both texts are immutable, so a diff between two version ids never changes. */
const diffs = new LRUCache<string, PolicyTextDiff>({ max: 500 });

/**
 * A word-level diff between two published versions, by section.
 * @throws DomainError VERSION_NOT_FOUND naming the argument whose version is unknown or unpublished.
 */
export async function diffVersions(context: PolicyReads, policyId: string, from: string, to: string): Promise<PolicyDiff> {
  const [fromVersion, toVersion] = await Promise.all([versionOf(context, policyId, from), versionOf(context, policyId, to)]);
  if (!fromVersion) throw new DomainError('VERSION_NOT_FOUND', `This policy has no published version "${from}".`, { field: 'from' });
  if (!toVersion) throw new DomainError('VERSION_NOT_FOUND', `This policy has no published version "${to}".`, { field: 'to' });
  const key = `${fromVersion.id}..${toVersion.id}`;
  let diff = diffs.get(key);
  if (!diff) {
    const [fromContent, toContent] = await Promise.all([contentOf(context, fromVersion), contentOf(context, toVersion)]);
    diff = diffPolicyTexts(fromContent.body, toContent.body);
    diffs.set(key, diff);
  }
  return { ...diff, from: fromVersion, to: toVersion };
}

export interface TrustPackEntry {
  policy: Policy;
  version: PolicyVersion;
}

export interface TrustPackChange extends TrustPackEntry {
  /** The version this one replaced, if any. */
  previousVersion: PolicyVersion | null;
}

export interface TrustPack {
  organization: Organization;
  at: Date;
  changesSince: Date | null;
  policies: TrustPackEntry[];
  changes: TrustPackChange[];
}

/**
 * Everything a reviewer files about an organization at an instant: each
 * policy in force at `at`, and every version that took effect after
 * `changesSince` (or ever, when it is null) up to `at`. Ordered by policy
 * slug, then effective date and version, so equal inputs give equal output.
 */
export async function trustPackOf(
  context: PolicyReads,
  organization: Organization,
  at: Date,
  changesSince: Date | null,
): Promise<TrustPack> {
  if (changesSince && changesSince.getTime() > at.getTime()) {
    throw new DomainError('BAD_USER_INPUT', 'changesSince must not be after at.', { field: 'changesSince' });
  }
  const policies = [...(await policiesOf(context, organization.id))].sort((a, b) => compareText(a.slug, b.slug));
  const entries: TrustPackEntry[] = [];
  const changes: TrustPackChange[] = [];
  for (const policy of policies) {
    const versions = await versionsOf(context, policy.id);
    const inForce = versionInForce(versions, at);
    if (inForce) entries.push({ policy, version: inForce });
    const oldestFirst = [...versions].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
    for (const version of versionsEffectiveBetween(oldestFirst, changesSince, at)) {
      const index = oldestFirst.indexOf(version);
      changes.push({ policy, version, previousVersion: oldestFirst[index - 1] ?? null });
    }
  }
  changes.sort(
    (a, b) =>
      a.version.effectiveAt.getTime() - b.version.effectiveAt.getTime() ||
      compareText(a.policy.slug, b.policy.slug) ||
      compareText(a.version.version, b.version.version),
  );
  return { organization, at, changesSince, policies: entries, changes };
}

/** Code-point order, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a deletion receipt cites: each policy's version in force at `at`, with the SHA-256 of its text. */
export function policiesInForce(db: Db, organizationId: string, at: Date) {
  return repository.findVersionsInForce(db, organizationId, at);
}

/**
 * When the public answers next change by the calendar alone: the first
 * instant after `now` at which a version is published or takes effect.
 */
export function nextPolicyInstant(db: Db, now: Date): Promise<Date | null> {
  return repository.findNextVersionInstant(db, now);
}

/**
 * Titles of an organization's policies ("Privacy Policy"), and of its
 * versions with their number ("Privacy Policy 2.0"), for its audit trail.
 * Policies are public, so no permission is needed; another organization's
 * ids get no label.
 */
export async function policyLabelsForAuditTrail(
  { loaders }: Pick<RequestUseCaseContext, 'loaders'>,
  organizationId: string,
  ids: { policies: readonly string[]; versions: readonly string[] },
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const ownPolicy = async (policyId: string) => {
    const policy = await loaders.policyById.load(policyId);
    return policy?.organizationId === organizationId ? policy : null;
  };
  for (const policy of await Promise.all(ids.policies.map(ownPolicy))) {
    if (policy) labels.set(policy.id, policy.title);
  }
  const versions = await loaders.versionById.loadMany(ids.versions);
  for (const version of versions) {
    if (!version || version instanceof Error) continue;
    const policy = await ownPolicy(version.policyId);
    if (policy) labels.set(version.id, `${policy.title} ${version.version}`);
  }
  return labels;
}

/** The organization's own name, for its audit trail's events about itself. */
export async function organizationNameForAuditTrail({ loaders }: Pick<RequestUseCaseContext, 'loaders'>, organizationId: string) {
  return (await loaders.organizationById.load(organizationId))?.name ?? null;
}
