// All SQL of the policies domain. Functions take a Kysely handle, which may
// be a transaction, and return models, never rows.

import { isDeepStrictEqual } from 'node:util';
import type { Database, OrganizationRow, PolicyRow, PolicyVersionRow } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Organization, Policy, PolicyVersion, PolicyVersionContent } from './models.ts';

/** The database or a transaction on it. */
type Executor = Kysely<Database>;

const toOrganization = (row: OrganizationRow): Organization => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  website: row.website,
  contacts: row.contacts,
  noticePeriodDays: row.notice_period_days,
  subprocessorNoticeDays: row.subprocessor_notice_days,
  emailHashSalt: row.email_hash_salt,
  deletionRequestDays: row.deletion_request_days,
  secondFactorRequired: row.second_factor_required,
  packageIdentityProofRequired: row.package_identity_proof_required,
});

const toPolicy = (row: PolicyRow): Policy => ({ id: row.id, organizationId: row.organization_id, slug: row.slug, title: row.title });

const VERSION_COLUMNS = ['id', 'policy_id', 'version', 'title', 'effective_at', 'published_at', 'summary', 'material', 'sha256'] as const;

const toPolicyVersion = (row: Pick<PolicyVersionRow, (typeof VERSION_COLUMNS)[number]>): PolicyVersion => ({
  id: row.id,
  policyId: row.policy_id,
  version: row.version,
  title: row.title,
  effectiveAt: row.effective_at,
  publishedAt: row.published_at,
  summary: row.summary,
  material: row.material,
  sha256: row.sha256,
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

export async function findOrganizationsBySlugs(db: Executor, slugs: readonly string[]): Promise<Organization[]> {
  if (slugs.length === 0) return [];
  const rows = await db.selectFrom('organization').selectAll().where('slug', 'in', slugs).execute();
  return rows.map(toOrganization);
}

/** Ids of the organizations whose members must use two-step sign-in. */
export async function findOrganizationIdsRequiringSecondFactor(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('organization').select('id').where('second_factor_required', '=', true).execute();
  return rows.map((row) => row.id);
}

/** Sets the two-step sign-in rule of an organization; false when it was so already. */
export async function updateSecondFactorRequired(db: Executor, organizationId: string, required: boolean): Promise<boolean> {
  const updated = await db
    .updateTable('organization')
    .set({ second_factor_required: required })
    .where('id', '=', organizationId)
    .where('second_factor_required', '<>', required)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
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

/**
 * A policy and its versions in one round trip: the query reviewers send most
 * (`policy(...) { currentVersion { ... } }`) then needs no second one.
 */
export async function findPolicyWithVersionsBySlugs(
  db: Executor,
  organizationSlug: string,
  policySlug: string,
): Promise<{ policy: Policy; versions: PolicyVersion[] } | null> {
  const row = await db
    .selectFrom('policy')
    .innerJoin('organization', 'organization.id', 'policy.organization_id')
    .selectAll('policy')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('policy_version')
          .select(VERSION_COLUMNS)
          .whereRef('policy_version.policy_id', '=', 'policy.id')
          .orderBy('effective_at', 'desc')
          .orderBy('created_at', 'desc'),
      ).as('versions'),
    )
    .where('organization.slug', '=', organizationSlug)
    .where('policy.slug', '=', policySlug)
    .executeTakeFirst();
  if (!row) return null;
  // JSON carries timestamps as strings.
  const versions = row.versions.map((version) =>
    toPolicyVersion({ ...version, effective_at: new Date(version.effective_at), published_at: new Date(version.published_at) }),
  );
  return { policy: toPolicy(row), versions };
}

export async function findVersionsByPolicyIds(db: Executor, policyIds: readonly string[]): Promise<PolicyVersion[]> {
  if (policyIds.length === 0) return [];
  const rows = await db
    .selectFrom('policy_version')
    .select(VERSION_COLUMNS)
    .where('policy_id', 'in', policyIds)
    .orderBy('effective_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toPolicyVersion);
}

export async function findVersionsByIds(db: Executor, ids: readonly string[]): Promise<PolicyVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('policy_version').select(VERSION_COLUMNS).where('id', 'in', ids).execute();
  return rows.map(toPolicyVersion);
}

export async function findVersionContents(db: Executor, ids: readonly string[]): Promise<(PolicyVersionContent & { id: string })[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('policy_version').select(['id', 'body', 'html', 'sections']).where('id', 'in', ids).execute();
}

export interface OrganizationInput {
  slug: string;
  name: string;
  website: string | null;
  contacts: Organization['contacts'];
  noticePeriodDays: number;
  subprocessorNoticeDays: number;
  packageIdentityProofRequired: boolean;
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
    subprocessor_notice_days: input.subprocessorNoticeDays,
    package_identity_proof_required: input.packageIdentityProofRequired,
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
    existing.subprocessor_notice_days === input.subprocessorNoticeDays &&
    existing.package_identity_proof_required === input.packageIdentityProofRequired &&
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
  sections: PolicyVersionContent['sections'];
  sourcePath: string;
}

export async function insertVersion(db: Executor, input: NewVersionInput): Promise<string> {
  const { id } = await db
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
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Serialises concurrent syncs (several replicas starting at once) until the transaction ends. */
export async function lockPolicySync(db: Executor): Promise<void> {
  // A fixed key of our choosing: only policy syncs take this lock.
  await sql`select pg_advisory_xact_lock(7261001)`.execute(db);
}

/** Sends a notification on `channel`; PostgreSQL delivers it when the transaction commits. */
/** The first instant after `at` at which any version is published or takes effect; null when none is scheduled. */
export async function findNextVersionInstant(db: Executor, at: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('policy_version')
    .select((eb) => [
      eb.fn.min('published_at').filterWhere('published_at', '>', at).as('publication'),
      eb.fn.min('effective_at').filterWhere('effective_at', '>', at).as('effect'),
    ])
    .executeTakeFirstOrThrow();
  const instants = [row.publication, row.effect].filter((instant): instant is Date => instant !== null);
  return instants.length === 0 ? null : new Date(Math.min(...instants.map((instant) => instant.getTime())));
}

export async function notify(db: Executor, channel: string): Promise<void> {
  await sql`select pg_notify(${channel}, '')`.execute(db);
}

/** The version of each of the organization's policies in force at `at`: published and effective by then. */
export async function findVersionsInForce(
  db: Executor,
  organizationId: string,
  at: Date,
): Promise<{ slug: string; title: string; version: string; sha256: string }[]> {
  return db
    .selectFrom('policy_version')
    .innerJoin('policy', 'policy.id', 'policy_version.policy_id')
    .select(['policy.slug', 'policy_version.title', 'policy_version.version', 'policy_version.sha256'])
    .distinctOn('policy.slug')
    .where('policy.organization_id', '=', organizationId)
    .where('policy_version.published_at', '<=', at)
    .where('policy_version.effective_at', '<=', at)
    .orderBy('policy.slug')
    .orderBy('policy_version.effective_at', 'desc')
    .execute();
}
