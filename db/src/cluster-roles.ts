// Roles and role memberships belong to the whole PostgreSQL cluster, not to
// one database. The migration that creates the application role
// (2026_11_22_0400_identity_and_app_role.ts) checks, then creates, inside the
// one transaction all pending migrations run in; so two databases of one
// cluster migrating at once (test files in parallel, two deployments sharing
// a server) both find no role, and the second fails when the first commits.
// Landed migrations are frozen, so the cluster-wide steps are taken here,
// before that transaction, each committed at once and tolerant of losing the
// race to another database: the migration then finds them done and changes
// nothing outside its own database.
import { type Kysely, sql } from 'kysely';

/** The role the application runs as (created by the migrations): it may not change the schema or the audit trail. */
export const APP_ROLE = 'governance_app';

const ATTEMPTS = 5;

/** Creates the application role and makes the login user a member of it, unless both are so already. */
export async function prepareClusterRoles(db: Kysely<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Acts only when needed: a login user a DBA made a member of the role
      // may have no right to grant it, and needs no grant.
      await sql`
        do $$ begin
          if not exists (select from pg_roles where rolname = ${sql.lit(APP_ROLE)}) then
            create role ${sql.id(APP_ROLE)} nologin;
          end if;
          if not exists (
            select from pg_auth_members
            where roleid = (select oid from pg_roles where rolname = ${sql.lit(APP_ROLE)})
              and member = (select oid from pg_roles where rolname = current_user)
          ) then
            grant ${sql.id(APP_ROLE)} to current_user;
          end if;
        end $$`.execute(db);
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !lostTheRace(error)) throw error;
      // The other database's statement has committed: checking again finds its work.
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Another session created the same role or membership between our check and our write. */
function lostTheRace(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '23505' || code === '42710' || (code === 'XX000' && /concurrently/.test(message ?? ''));
}
