// All SQL of the policies domain. Functions take a Kysely handle, which may
// be a transaction, and return models, never rows.

import { isDeepStrictEqual } from 'node:util';
import type { Database, OrganizationRow, PolicyRow, PolicyVersionRow } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import type { Organization, Policy, PolicyVersion } from './models.ts';

/** The database or a transaction on it. */
type Executor = Kysely<Database>;

const toOrganization = (row: OrganizationRow): Organization => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  website: row.website,
  contacts: row.contacts,
  noticePeriodDays: row.notice_period_days,
});

const toPolicy = (row: PolicyRow): Policy => ({ id: row.id, organizationId: row.organization_id, slug: row.slug, title: row.title });

const toPolicyVersion = (row: PolicyVersionRow): PolicyVersion => ({
  id: row.id,
  policyId: row.policy_id,
  version: row.version,
  title: row.title,
  effectiveAt: row.effective_at,
  publishedAt: row.published_at,
  summary: row.summary,
  material: row.material,
  body: row.body,
  html: row.html,
  sha256: row.sha256,
  sections: row.sections,
});

export async function listOrganizations(db: Executor): Promise<Organization[]> {
  const rows = await db.selectFrom('organization').selectAll().orderBy('name').orderBy('slug').execute();
  return rows.map(toOrganization);
}

export async function findOrganizationsByIds(db: Executor, ids: readonly string[]): Promise<Organization[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('organization').selectAll().where('id', 'in', ids).execute();
  return rows.map(toOrganization);
}

export async function findOrganizationBySlug(db: Executor, slug: string): Promise<Organization | null> {
  const row = await db.selectFrom('organization').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toOrganization(row) : null;
}

export async function findPoliciesByOrganizationIds(db: Executor, organizationIds: readonly string[]): Promise<Policy[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db.selectFrom('policy').selectAll().where('organization_id', 'in', organizationIds).orderBy('slug').execute();
  return rows.map(toPolicy);
}

export async function findPoliciesByIds(db: Executor, ids: readonly string[]): Promise<Policy[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('policy').selectAll().where('id', 'in', ids).execute();
  return rows.map(toPolicy);
}

export async function findPolicyBySlugs(db: Executor, organizationSlug: string, policySlug: string): Promise<Policy | null> {
  const row = await db
    .selectFrom('policy')
    .innerJoin('organization', 'organization.id', 'policy.organization_id')
    .selectAll('policy')
    .where('organization.slug', '=', organizationSlug)
    .where('policy.slug', '=', policySlug)
    .executeTakeFirst();
  return row ? toPolicy(row) : null;
}

export async function findVersionsByPolicyIds(db: Executor, policyIds: readonly string[]): Promise<PolicyVersion[]> {
  if (policyIds.length === 0) return [];
  const rows = await db
    .selectFrom('policy_version')
    .selectAll()
    .where('policy_id', 'in', policyIds)
    .orderBy('effective_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toPolicyVersion);
}

export async function findVersionsByIds(db: Executor, ids: readonly string[]): Promise<PolicyVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('policy_version').selectAll().where('id', 'in', ids).execute();
  return rows.map(toPolicyVersion);
}

export interface OrganizationInput {
  slug: string;
  name: string;
  website: string | null;
  contacts: Organization['contacts'];
  noticePeriodDays: number;
}

/** Inserts or updates an organization; tells which happened, or neither. */
export async function upsertOrganization(
  db: Executor,
  input: OrganizationInput,
): Promise<{ id: string; change: 'created' | 'updated' | 'none' }> {
  const existing = await db.selectFrom('organization').selectAll().where('slug', '=', input.slug).executeTakeFirst();
  const values = {
    name: input.name,
    website: input.website,
    contacts: JSON.stringify(input.contacts),
    notice_period_days: input.noticePeriodDays,
  };
  if (!existing) {
    const { id } = await db
      .insertInto('organization')
      .values({ slug: input.slug, ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, change: 'created' };
  }
  const unchanged =
    existing.name === input.name &&
    existing.website === input.website &&
    existing.notice_period_days === input.noticePeriodDays &&
    isDeepStrictEqual(existing.contacts, input.contacts);
  if (unchanged) return { id: existing.id, change: 'none' };
  await db
    .updateTable('organization')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', existing.id)
    .execute();
  return { id: existing.id, change: 'updated' };
}

export async function findPolicyIdBySlug(db: Executor, organizationId: string, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('policy')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id;
}

export async function insertPolicy(db: Executor, organizationId: string, slug: string, title: string): Promise<string> {
  const { id } = await db
    .insertInto('policy')
    .values({ organization_id: organizationId, slug, title })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updatePolicyTitle(db: Executor, policyId: string, title: string): Promise<boolean> {
  const result = await db.updateTable('policy').set({ title }).where('id', '=', policyId).where('title', '<>', title).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findVersionHashes(db: Executor, policyId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('policy_version').select(['version', 'sha256']).where('policy_id', '=', policyId).execute();
  return new Map(rows.map((row) => [row.version, row.sha256]));
}

export interface NewVersionInput {
  policyId: string;
  version: string;
  title: string;
  effectiveAt: Date;
  publishedAt: Date;
  summary: string;
  material: boolean;
  body: string;
  html: string;
  sha256: string;
  sections: PolicyVersion['sections'];
  sourcePath: string;
}

export async function insertVersion(db: Executor, input: NewVersionInput): Promise<void> {
  await db
    .insertInto('policy_version')
    .values({
      policy_id: input.policyId,
      version: input.version,
      title: input.title,
      effective_at: input.effectiveAt,
      published_at: input.publishedAt,
      summary: input.summary,
      material: input.material,
      body: input.body,
      html: input.html,
      sha256: input.sha256,
      sections: JSON.stringify(input.sections),
      source_path: input.sourcePath,
    })
    .execute();
}

/** Serialises concurrent syncs (several replicas starting at once) until the transaction ends. */
export async function lockPolicySync(db: Executor): Promise<void> {
  // A fixed key of our choosing: only policy syncs take this lock.
  await sql`select pg_advisory_xact_lock(7261001)`.execute(db);
}
