// All SQL of the retention domain: setting versions and sweep runs. What the
// rules find and remove is SQL of the domains that own the data (their
// retention-rules.ts), never here.
import type {
  Database,
  NewRetentionSettingVersion,
  RetentionRunRow,
  RetentionRunRuleJson,
  RetentionSettingVersionRow,
} from '@governance/db';
import { type Kysely, sql } from 'kysely';

type Executor = Kysely<Database>;

/** Namespace of the retention advisory locks (two-key form), apart from every other lock of the product. */
const RETENTION_LOCK_NAMESPACE = 7261200;

/** Held until the transaction ends: one writer of an organization's retention data at a time, across every process. */
export async function lockOrganization(db: Executor, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${RETENTION_LOCK_NAMESPACE}, hashtext(${organizationId}))`.execute(db);
}

// --- settings ---------------------------------------------------------------

export type SettingVersionRow = RetentionSettingVersionRow & { changed_by_name: string | null };

function settingVersions(db: Executor) {
  return db
    .selectFrom('retention_setting_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.changed_by')
    .selectAll('v')
    .select('u.name as changed_by_name');
}

/** The newest version of each category as of `at` (every version when `at` is null), by category. */
export async function currentSettings(db: Executor, organizationId: string, at: Date | null = null): Promise<SettingVersionRow[]> {
  let query = settingVersions(db).where('v.organization_id', '=', organizationId);
  if (at) query = query.where('v.changed_at', '<=', at);
  return query.distinctOn('v.category').orderBy('v.category').orderBy('v.version', 'desc').execute();
}

export async function settingHistory(db: Executor, organizationId: string, category: string): Promise<SettingVersionRow[]> {
  return settingVersions(db)
    .where('v.organization_id', '=', organizationId)
    .where('v.category', '=', category)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function latestVersion(db: Executor, organizationId: string, category: string): Promise<number> {
  const row = await db
    .selectFrom('retention_setting_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('organization_id', '=', organizationId)
    .where('category', '=', category)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function hasAnySetting(db: Executor, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('retention_setting_version')
    .select('id')
    .where('organization_id', '=', organizationId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSettingVersions(db: Executor, rows: NewRetentionSettingVersion[]): Promise<SettingVersionRow[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('retention_setting_version').values(rows).returningAll().execute();
  const names = await userNames(
    db,
    inserted.flatMap((row) => (row.changed_by ? [row.changed_by] : [])),
  );
  return inserted.map((row) => ({ ...row, changed_by_name: row.changed_by ? (names.get(row.changed_by) ?? null) : null }));
}

async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

// --- runs -------------------------------------------------------------------

export async function runningRun(db: Executor, organizationId: string): Promise<RetentionRunRow | null> {
  const row = await db
    .selectFrom('retention_run')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'RUNNING')
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

export async function runById(db: Executor, id: string): Promise<RetentionRunRow | null> {
  const row = await db.selectFrom('retention_run').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ?? null;
}

export async function insertRun(
  db: Executor,
  run: { organizationId: string; startedAt: Date; startedBy: string },
): Promise<RetentionRunRow> {
  return db
    .insertInto('retention_run')
    .values({ organization_id: run.organizationId, started_at: run.startedAt, started_by: run.startedBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function saveRunRules(db: Executor, id: string, rules: Record<string, RetentionRunRuleJson>): Promise<void> {
  await db
    .updateTable('retention_run')
    .set({ rules: JSON.stringify(rules) })
    .where('id', '=', id)
    .execute();
}

export async function completeRun(db: Executor, id: string, finishedAt: Date): Promise<void> {
  await db
    .updateTable('retention_run')
    .set({ status: 'COMPLETED', finished_at: finishedAt })
    .where('id', '=', id)
    .where('status', '=', 'RUNNING')
    .execute();
}

/** Runs newest first; `after` is the (started_at, id) of the last run of the previous page. */
export async function runsPage(
  db: Executor,
  organizationId: string,
  after: { startedAt: Date; id: string } | null,
  limit: number,
): Promise<RetentionRunRow[]> {
  let query = db.selectFrom('retention_run').selectAll().where('organization_id', '=', organizationId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('started_at', '<', after.startedAt), eb.and([eb('started_at', '=', after.startedAt), eb('id', '<', after.id)])]),
    );
  }
  return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Category and version of some of an organization's setting versions, by id. */
export async function settingVersionsByIds(
  db: Executor,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, { category: string; version: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('retention_setting_version')
    .select(['id', 'category', 'version'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, { category: row.category, version: row.version }]));
}
