// All SQL of the auth domain.
import type { ApiTokenRow, AppUserRow, Database, OrganizationRole } from '@governance/db';
import { isTokenScope } from '@governance/policies/vocabulary/access';
import type { Kysely } from 'kysely';
import type { ApiToken, Membership, User } from './models.ts';

type Executor = Kysely<Database>;

const toUser = (row: AppUserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  isSiteAdmin: row.is_site_admin,
  disabled: row.disabled_at !== null,
});

const toApiToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  prefix: row.token_prefix,
  scopes: row.scopes.filter(isTokenScope),
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

export async function findUserByEmail(db: Executor, email: string): Promise<(User & { passwordHash: string }) | null> {
  const row = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function findUserById(db: Executor, id: string): Promise<User | null> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function insertUser(
  db: Executor,
  user: { email: string; name: string; passwordHash: string; isSiteAdmin: boolean },
): Promise<User> {
  const row = await db
    .insertInto('app_user')
    .values({ email: user.email, name: user.name, password_hash: user.passwordHash, is_site_admin: user.isSiteAdmin })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** Inserts the user unless the email has an account (perhaps created a moment ago by another request): then null. */
export async function insertUserIfAbsent(
  db: Executor,
  user: { email: string; name: string; passwordHash: string; isSiteAdmin: boolean },
): Promise<User | null> {
  const row = await db
    .insertInto('app_user')
    .values({ email: user.email, name: user.name, password_hash: user.passwordHash, is_site_admin: user.isSiteAdmin })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A membership given directly (by a site administrator, from the command line): accepted at once. */
export async function upsertMembership(
  db: Executor,
  userId: string,
  organizationId: string,
  role: OrganizationRole,
  now: Date,
): Promise<void> {
  await db
    .insertInto('membership')
    .values({ user_id: userId, organization_id: organizationId, role, accepted_at: now })
    .onConflict((conflict) => conflict.columns(['user_id', 'organization_id']).doUpdateSet({ role }))
    .execute();
}

/** An invitation: a pending membership that grants nothing until its person accepts it. */
export async function insertInvitation(
  db: Executor,
  invitation: { userId: string; organizationId: string; role: OrganizationRole; invitedName: string; now: Date },
): Promise<void> {
  await db
    .insertInto('membership')
    .values({
      user_id: invitation.userId,
      organization_id: invitation.organizationId,
      role: invitation.role,
      invited_name: invitation.invitedName,
      invited_at: invitation.now,
    })
    // Someone disabled here, or whose invitation was withdrawn, is invited afresh: pending again.
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'organization_id']).doUpdateSet({
        role: invitation.role,
        invited_name: invitation.invitedName,
        invited_at: invitation.now,
        accepted_at: null,
        disabled_at: null,
      }),
    )
    .execute();
}

/** The memberships that grant access: accepted, and not disabled in their organization. */
export async function findMemberships(db: Executor, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('membership')
    .select(['organization_id', 'role'])
    .where('user_id', '=', userId)
    .where('accepted_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((row) => ({ organizationId: row.organization_id, role: row.role }));
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  endedAt: Date | null;
}

export async function insertSession(
  db: Executor,
  session: {
    userId: string;
    tokenHash: string;
    now: Date;
    idleExpiresAt: Date;
    absoluteExpiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('user_session')
    .values({
      user_id: session.userId,
      token_hash: session.tokenHash,
      created_at: session.now,
      last_seen_at: session.now,
      idle_expires_at: session.idleExpiresAt,
      absolute_expires_at: session.absoluteExpiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findSessionByTokenHash(db: Executor, tokenHash: string): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom('user_session')
    .select(['id', 'user_id', 'created_at', 'last_seen_at', 'idle_expires_at', 'absolute_expires_at', 'ended_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        userId: row.user_id,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        idleExpiresAt: row.idle_expires_at,
        absoluteExpiresAt: row.absolute_expires_at,
        endedAt: row.ended_at,
      }
    : null;
}

export async function touchSession(db: Executor, sessionId: string, now: Date, idleExpiresAt: Date): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: now, idle_expires_at: idleExpiresAt }).where('id', '=', sessionId).execute();
}

export async function endSession(db: Executor, sessionId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_session')
    .set({ ended_at: now })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every open session of the user but one; returns how many it ended. */
export async function endOtherSessions(db: Executor, userId: string, keptSessionId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('user_session')
    .set({ ended_at: now })
    .where('user_id', '=', userId)
    .where('id', '!=', keptSessionId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertApiToken(
  db: Executor,
  token: {
    organizationId: string;
    name: string;
    prefix: string;
    tokenHash: string;
    scopes: string[];
    createdBy: string;
    now: Date;
    expiresAt: Date | null;
  },
): Promise<ApiToken> {
  const row = await db
    .insertInto('api_token')
    .values({
      organization_id: token.organizationId,
      name: token.name,
      token_prefix: token.prefix,
      token_hash: token.tokenHash,
      scopes: token.scopes,
      created_by: token.createdBy,
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiToken(row);
}

export async function findApiTokenByHash(db: Executor, tokenHash: string): Promise<ApiToken | null> {
  const row = await db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toApiToken(row) : null;
}

export async function findApiToken(db: Executor, organizationId: string, id: string): Promise<ApiToken | null> {
  const row = await db
    .selectFrom('api_token')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toApiToken(row) : null;
}

export async function listApiTokens(db: Executor, organizationId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_token')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toApiToken);
}

export async function revokeApiToken(db: Executor, organizationId: string, id: string, now: Date): Promise<ApiToken | null> {
  const row = await db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? toApiToken(row) : null;
}

/** Revokes every live token the user created in the organization; returns them. */
export async function revokeApiTokensCreatedBy(db: Executor, userId: string, organizationId: string, now: Date): Promise<ApiToken[]> {
  const rows = await db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('created_by', '=', userId)
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .execute();
  return rows.map(toApiToken);
}

export async function markApiTokenUsed(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** The names of some of an organization's API tokens, by id; a token removed by retention has none. */
export async function apiTokenNamesByIds(db: Executor, organizationId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('api_token')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
