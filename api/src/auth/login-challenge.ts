import type { UseCaseContext } from '../use-case-context.ts';
import * as repository from './second-factor.repository.ts';
import { newSecret, secretHash } from './secrets.ts';

export const LOGIN_CHALLENGE_PREFIX = 'gpc_';
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;

export interface LoginChallenge {
  secondFactorRequired: true;
  challenge: string;
  expiresAt: Date;
}

export async function openLoginChallenge(context: Pick<UseCaseContext, 'db'>, userId: string, now: Date): Promise<LoginChallenge> {
  const challenge = newSecret(LOGIN_CHALLENGE_PREFIX);
  const expiresAt = new Date(now.getTime() + LOGIN_CHALLENGE_TTL_MS);
  await repository.insertLoginChallenge(context.db, userId, secretHash(challenge), now, expiresAt);
  return { secondFactorRequired: true, challenge, expiresAt };
}
