// All SQL of the subprocessor registers. Functions take a Kysely handle,
// which may be a transaction, and return models, never rows.
import type { Database, SubprocessorListVersionRow } from '@governance/db';
import { subprocessorRegisterSchema } from '@governance/policies/subprocessors/schema';
import type { Kysely } from 'kysely';
import type { SubprocessorListVersion } from './models.ts';

type Executor = Kysely<Database>;

/** The stored canonical JSON is the one source of the entries: parsed and checked here, where the row is read. */
const toListVersion = (row: SubprocessorListVersionRow): SubprocessorListVersion => ({
  id: row.id,
  organizationId: row.organization_id,
  version: row.version,
  announcedAt: row.announced_at,
  effectiveAt: row.effective_at,
  summary: row.summary,
  entries: subprocessorRegisterSchema.parse(JSON.parse(row.content)).entries,
  canonicalJson: row.content,
  sha256: row.sha256,
});

/** Every published version of the organizations' lists, oldest effective first. */
export async function listVersionsOf(db: Executor, organizationIds: readonly string[]): Promise<SubprocessorListVersion[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectFrom('subprocessor_list_version')
    .selectAll()
    .where('organization_id', 'in', organizationIds)
    .orderBy('effective_at')
    .orderBy('created_at')
    .execute();
  return rows.map(toListVersion);
}

/** version → sha256 of what is stored for the organization. */
export async function storedHashes(db: Executor, organizationId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('subprocessor_list_version')
    .select(['version', 'sha256'])
    .where('organization_id', '=', organizationId)
    .execute();
  return new Map(rows.map((row) => [row.version, row.sha256]));
}

export interface NewListVersion {
  organizationId: string;
  version: string;
  announcedAt: Date;
  effectiveAt: Date;
  summary: string;
  canonicalJson: string;
  sha256: string;
  sourcePath: string;
}

export async function insertListVersion(db: Executor, input: NewListVersion): Promise<string> {
  const { id } = await db
    .insertInto('subprocessor_list_version')
    .values({
      organization_id: input.organizationId,
      version: input.version,
      announced_at: input.announcedAt,
      effective_at: input.effectiveAt,
      summary: input.summary,
      content: input.canonicalJson,
      sha256: input.sha256,
      source_path: input.sourcePath,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
