// All SQL of two-step sign-in: TOTP authenticators, recovery codes, the
// challenges between the password step and the code step, and which
// organizations require it.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';

type Executor = Kysely<Database>;

export interface SecondFactorRecord {
  userId: string;
  secretCiphertext: string;
  confirmedAt: Date | null;
  /** The last step whose code was accepted; null when none was yet. */
  lastUsedStep: number | null;
}

export async function findSecondFactor(db: Executor, userId: string, options: { lock?: boolean } = {}): Promise<SecondFactorRecord | null> {
  let query = db.selectFrom('user_second_factor').selectAll().where('user_id', '=', userId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row
    ? {
        userId: row.user_id,
        secretCiphertext: row.secret_ciphertext,
        confirmedAt: row.confirmed_at,
        lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
      }
    : null;
}

export async function hasActiveSecondFactor(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_second_factor')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these users have an active second factor. */
export async function usersWithActiveSecondFactor(db: Executor, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('user_second_factor')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('confirmed_at', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}

/** A new pending enrolment; replaces a pending one, never an active one (false then). */
export async function savePendingSecondFactor(db: Executor, userId: string, secretCiphertext: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('user_second_factor')
    .values({ user_id: userId, secret_ciphertext: secretCiphertext, created_at: now, confirmed_at: null, last_used_step: null })
    .onConflict((conflict) =>
      conflict
        .column('user_id')
        .doUpdateSet({ secret_ciphertext: secretCiphertext, created_at: now, last_used_step: null })
        .where('user_second_factor.confirmed_at', 'is', null),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function confirmSecondFactor(db: Executor, userId: string, step: number, now: Date): Promise<void> {
  await db
    .updateTable('user_second_factor')
    .set({ confirmed_at: now, last_used_step: String(step) })
    .where('user_id', '=', userId)
    .execute();
}

/** Records the step of an accepted code; false when it (or a later one) was used already: a replay. */
export async function useStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('user_second_factor')
    .set({ last_used_step: String(step) })
    .where('user_id', '=', userId)
    .where((where) => where.or([where('last_used_step', 'is', null), where('last_used_step', '<', String(step))]))
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes the authenticator, its recovery codes and open challenges; false when there was none. */
export async function deleteSecondFactor(db: Executor, userId: string): Promise<boolean> {
  await db.deleteFrom('second_factor_recovery_code').where('user_id', '=', userId).execute();
  await db.deleteFrom('login_challenge').where('user_id', '=', userId).execute();
  const deleted = await db.deleteFrom('user_second_factor').where('user_id', '=', userId).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

export async function replaceRecoveryCodes(db: Executor, userId: string, codeHashes: string[], now: Date): Promise<void> {
  await db.deleteFrom('second_factor_recovery_code').where('user_id', '=', userId).execute();
  await db
    .insertInto('second_factor_recovery_code')
    .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now })))
    .execute();
}

/** Marks the code used; false when it is unknown, another user's, or used already. */
export async function useRecoveryCode(db: Executor, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('second_factor_recovery_code')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('second_factor_recovery_code')
    .select((select) => select.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertLoginChallenge(db: Executor, userId: string, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  // Expired challenges of the same user go at the same time, so the table stays small.
  await db.deleteFrom('login_challenge').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  await db
    .insertInto('login_challenge')
    .values({ user_id: userId, token_hash: tokenHash, created_at: now, expires_at: expiresAt })
    .execute();
}

export async function findOpenLoginChallenge(db: Executor, tokenHash: string, now: Date): Promise<{ id: string; userId: string } | null> {
  const row = await db
    .selectFrom('login_challenge')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id } : null;
}

/** Uses the challenge up; false when another request did first. */
export async function consumeLoginChallenge(db: Executor, id: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('login_challenge')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Of `requiring` (the organizations that require a second factor), those
 * that refuse this user until they enrol: the ones the user works for (all,
 * for a site admin). Empty when the user has an active second factor.
 */
export async function organizationsAwaitingSecondFactor(
  db: Executor,
  userId: string,
  isSiteAdmin: boolean,
  requiring: readonly string[],
): Promise<string[]> {
  if (requiring.length === 0 || (await hasActiveSecondFactor(db, userId))) return [];
  if (isSiteAdmin) return [...requiring];
  const rows = await db
    .selectFrom('membership')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where('organization_id', 'in', requiring)
    // Only organizations the user works for: an invitation cannot push anyone into enrolling.
    .where('accepted_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((row) => row.organization_id);
}
