// Passwords are hashed with argon2id. Verifying against a fixed dummy hash
// when the account does not exist makes "no such user" cost as much time as
// "wrong password", so timing does not tell which it was.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { DomainError } from '../shared/domain-error.ts';

// argon2id with OWASP's baseline: 19 MiB, 2 iterations, 1 lane. (The
// library's const enum cannot be imported as a value; 2 is its Argon2id.)
const ARGON2ID = 2 as Algorithm.Argon2id;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('WEAK_PASSWORD', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, { field: 'password' });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new DomainError('WEAK_PASSWORD', `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`, { field: 'password' });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies `password` against `passwordHash`, or against a dummy when there is none. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not the password of anyone at all');
  const candidate = password.slice(0, MAX_PASSWORD_LENGTH);
  const valid = await verify(passwordHash ?? (await dummyHash), candidate).catch(() => false);
  return passwordHash !== null && valid;
}
