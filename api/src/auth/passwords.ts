// Passwords are hashed with argon2id. Verifying against a fixed dummy hash
// when the account does not exist makes "no such user" cost as much time as
// "wrong password", so timing does not tell which it was.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { DomainError } from '../shared/domain-error.ts';

// (The library's const enum cannot be imported as a value; 2 is its Argon2id.)
const ARGON2ID = 2 as Algorithm.Argon2id;

/** What one argon2id hash costs: memory in KiB and passes over it, on one lane. */
export interface PasswordHashCost {
  readonly memoryKiB: number;
  readonly passes: number;
}

/** OWASP's baseline for argon2id: 19 MiB, 2 passes, 1 lane. What the product always uses. */
export const OWASP_BASELINE_COST: PasswordHashCost = Object.freeze({ memoryKiB: 19_456, passes: 2 });

/**
 * About thirty times cheaper, for the test harness alone, which hashes and
 * checks thousands of passwords per run. No setting and no product code
 * path reaches it: the server and the commands take the default. A hash
 * records its own cost, so checking one never depends on this choice.
 */
export const TESTS_ONLY_COST: PasswordHashCost = Object.freeze({ memoryKiB: 1024, passes: 1 });

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

export interface PasswordHasher {
  readonly cost: PasswordHashCost;
  hash(password: string): Promise<string>;
  /** Verifies `password` against `passwordHash`, or against a dummy of the same cost when there is none. */
  verify(passwordHash: string | null, password: string): Promise<boolean>;
}

/**
 * Hashes at `cost`: OWASP's baseline or more, or exactly TESTS_ONLY_COST. Any
 * other weaker cost is refused, so a lowered cost cannot creep in unnoticed.
 */
export function createPasswordHasher(cost: PasswordHashCost = OWASP_BASELINE_COST): PasswordHasher {
  const belowBaseline = cost.memoryKiB < OWASP_BASELINE_COST.memoryKiB || cost.passes < OWASP_BASELINE_COST.passes;
  if (belowBaseline && cost !== TESTS_ONLY_COST) {
    throw new Error(
      `argon2id at ${cost.memoryKiB} KiB and ${cost.passes} passes is below OWASP's baseline (${OWASP_BASELINE_COST.memoryKiB} KiB, ${OWASP_BASELINE_COST.passes} passes)`,
    );
  }
  const options = { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.passes, parallelism: 1 };
  const hashPassword = (password: string) => hash(password, options);
  let dummyHash: Promise<string> | undefined;
  return {
    cost,
    hash: hashPassword,
    async verify(passwordHash, password) {
      dummyHash ??= hashPassword('not the password of anyone at all');
      const candidate = password.slice(0, MAX_PASSWORD_LENGTH);
      const valid = await verify(passwordHash ?? (await dummyHash), candidate).catch(() => false);
      return passwordHash !== null && valid;
    },
  };
}
