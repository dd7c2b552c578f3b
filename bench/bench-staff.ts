// Staff for the benchmarks, made through the product's own use cases: a site
// administrator whose API tokens the load generator sends, and more users
// when a benchmark needs them.
import { createApiToken, createUser } from '@governance/api/auth/auth.service';
import { createLoginLimiter } from '@governance/api/auth/login-limiter';
import { createPasswordHasher } from '@governance/api/auth/passwords';
import { systemPrincipal } from '@governance/api/auth/principal';
import { systemClock } from '@governance/api/shared/clock';
import { createPool, type Db } from '@governance/db';
import type { TokenScope } from '@governance/policies/vocabulary/access';

const AS_BENCH = systemPrincipal('benchmark set-up');
const PASSWORD = 'a long benchmark password';

export async function createBenchStaff(db: Db, databaseUrl: string) {
  const limiterPool = createPool(databaseUrl, { maxConnections: 1 });
  const auth = {
    db,
    clock: systemClock,
    sessions: { idleMs: 1_800_000, absoluteMs: 43_200_000 },
    loginLimiter: createLoginLimiter(limiterPool),
    // The product's own cost: what a benchmark measures is what production pays.
    passwords: createPasswordHasher(),
  };
  const admin = await createUser(auth, AS_BENCH, { email: 'bench@example.com', name: 'Bench', password: PASSWORD, siteAdmin: true });
  return {
    /** A token of the organization with these scopes, as the admin makes it. */
    async token(organizationId: string, scopes: TokenScope[]): Promise<string> {
      const principal = {
        kind: 'user' as const,
        userId: admin.id,
        email: admin.email,
        name: admin.name,
        isSiteAdmin: true,
        roles: new Map(),
        sessionId: 'bench',
      };
      const created = await createApiToken(
        auth,
        principal,
        { organizationId, name: 'bench', scopes, expiresAt: null },
        { requestId: null, ip: null, userAgent: null },
      );
      return created.secret;
    },
    /** A privacy officer of the organization; returns the user id. */
    async officer(organizationSlug: string, index: number): Promise<string> {
      const user = await createUser(auth, AS_BENCH, {
        email: `officer${index}@${organizationSlug}.test`,
        name: `Officer ${index}`,
        password: PASSWORD,
        membership: { organizationSlug, role: 'PRIVACY_OFFICER' },
      });
      return user.id;
    },
    close: () => limiterPool.end(),
  };
}
