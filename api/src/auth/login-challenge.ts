// The link between the two steps of a sign-in with a second factor: after
// the right password, the client gets a random challenge token (shown once,
// stored as SHA-256) that is good for five minutes and one completed sign-in.
import type { Db } from '@governance/db';
import * as repository from './second-factor.repository.ts';
import { newSecret, secretHash } from './secrets.ts';

export const LOGIN_CHALLENGE_PREFIX = 'gpc_';
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;

export interface LoginChallenge {
  secondFactorRequired: true;
  challenge: string;
  expiresAt: Date;
}

export async function openLoginChallenge(deps: { db: Db }, userId: string, now: Date): Promise<LoginChallenge> {
  const challenge = newSecret(LOGIN_CHALLENGE_PREFIX);
  const expiresAt = new Date(now.getTime() + LOGIN_CHALLENGE_TTL_MS);
  await repository.insertLoginChallenge(deps.db, userId, secretHash(challenge), now, expiresAt);
  return { secondFactorRequired: true, challenge, expiresAt };
}
