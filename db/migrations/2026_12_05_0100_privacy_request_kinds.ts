// A privacy request may ask for more than deletion: a copy of the data
// (ACCESS), the data in a machine-readable form (PORTABILITY), a correction
// (CORRECTION), or several of these at once. The kinds are one column of the
// request (the table keeps its name: every request, of any kind, lives and
// is worked here). Each request names at least one kind and each kind at most
// once; requests made before kinds existed asked for deletion, which is what
// the default gives them (and what the deprecated submitDeletionRequest
// still asks for). The list is the one in policies/src/vocabulary/
// privacy-request-kinds.ts. Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A check constraint cannot hold a subquery; an immutable function can.
  await sql`
    create function privacy_request_kinds_distinct(kinds text[]) returns boolean
      language sql immutable strict parallel safe
      return (select count(*) = count(distinct kind) from unnest(kinds) as kind)`.execute(db);
  await sql`
    alter table deletion_request
      add column kinds text[] not null default '{DELETION}'
        constraint deletion_request_kinds_valid check (
          cardinality(kinds) between 1 and 4
          and array_position(kinds, null) is null
          and kinds <@ array['DELETION', 'ACCESS', 'PORTABILITY', 'CORRECTION']
          and privacy_request_kinds_distinct(kinds)
        )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table deletion_request drop column kinds`.execute(db);
  await sql`drop function privacy_request_kinds_distinct(text[])`.execute(db);
}
