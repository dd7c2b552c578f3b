// Use cases of the policies domain: reading what is public at an instant.
// Lists load through request-scoped DataLoaders so nested queries cost one
// SQL statement per level, not one per parent.
import type { Db } from '@governance/db';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { PolicyCatalogCache } from './catalog-cache.ts';
import type { Organization, Policy, PolicyVersion, PolicyVersionContent } from './models.ts';
import * as repository from './policies.repository.ts';
import { publishedVersions, versionInForce } from './versions.ts';

export interface PolicyLoaders {
  organizationById: DataLoader<string, Organization | null>;
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

export interface PolicyReader {
  db: Db;
  loaders: PolicyLoaders;
  catalog: PolicyCatalogCache;
  now: Date;
}

export function listOrganizations({ db }: PolicyReader): Promise<Organization[]> {
  return repository.listOrganizations(db);
}

export function findOrganization({ db }: PolicyReader, slug: string): Promise<Organization | null> {
  return repository.findOrganizationBySlug(db, slug);
}

export async function findPolicy(
  { db, loaders, catalog }: PolicyReader,
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
export async function policiesOf({ loaders, now }: PolicyReader, organizationId: string): Promise<Policy[]> {
  const policies = await loaders.policiesByOrganizationId.load(organizationId);
  const versions = await loaders.versionsByPolicyId.loadMany(policies.map((policy) => policy.id));
  return policies.filter((_, index) => {
    const ofPolicy = versions[index];
    return Array.isArray(ofPolicy) && publishedVersions(ofPolicy, now).length > 0;
  });
}

/** Published versions, newest effective date first. */
export async function versionsOf({ loaders, now }: PolicyReader, policyId: string): Promise<PolicyVersion[]> {
  return publishedVersions(await loaders.versionsByPolicyId.load(policyId), now);
}

export async function currentVersionOf(reader: PolicyReader, policyId: string): Promise<PolicyVersion | null> {
  return versionInForce(await versionsOf(reader, policyId), reader.now);
}

export async function versionOf(reader: PolicyReader, policyId: string, version: string): Promise<PolicyVersion | null> {
  return (await versionsOf(reader, policyId)).find((candidate) => candidate.version === version) ?? null;
}

export async function versionInForceAt(reader: PolicyReader, policyId: string, at: Date): Promise<PolicyVersion | null> {
  return versionInForce(await versionsOf(reader, policyId), at);
}

export async function organizationById({ loaders }: PolicyReader, id: string): Promise<Organization | null> {
  return loaders.organizationById.load(id);
}

/** Looks a node up by id, hiding versions that are not yet published. */
export async function policyById({ loaders }: PolicyReader, id: string): Promise<Policy | null> {
  return loaders.policyById.load(id);
}

export async function publishedVersionById({ loaders, now }: PolicyReader, id: string): Promise<PolicyVersion | null> {
  const version = await loaders.versionById.load(id);
  return version && version.publishedAt.getTime() <= now.getTime() ? version : null;
}

export function contentOf({ loaders }: PolicyReader, version: PolicyVersion): Promise<PolicyVersionContent> {
  return loaders.versionContentById.load(version.id);
}
