// The services refuse by themselves: each read entry point is called
// directly, with no schema in front of it, by principals who may not read
// what it returns. The schema's own checks are tested through GraphQL
// (authorization.test.ts); these prove that a command, a job or a future
// field calling a service gets the same answer. The site-wide entry points
// that jobs and commands call (sealing, checkpoints, mail delivery,
// reminders, creating users) answer only the system and site administrators.
import { auditEventBatches, auditEventsPage } from '@governance/api/audit/audit.service';
import { createCheckpoint } from '@governance/api/audit/audit-checkpoint.service';
import { sealPending } from '@governance/api/audit/audit-sealer.service';
import { verifyChain } from '@governance/api/audit/audit-verify.service';
import { verifyChainInParallel } from '@governance/api/audit/audit-verify-parallel';
import { SITE_CHAIN } from '@governance/api/audit/chain';
import { createUser } from '@governance/api/auth/auth.service';
import { ANONYMOUS, type Principal, systemPrincipal } from '@governance/api/auth/principal';
import { queuePage, statusCounts, timelineOf } from '@governance/api/deletion-requests/deletion-requests.service';
import { sendDeadlineReminders } from '@governance/api/deletion-requests/reminders.service';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { forRequest, type RequestUseCaseContext } from '@governance/api/use-case-context';
import type { TokenScope } from '@governance/policies/vocabulary/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization } from '../helpers/staff.ts';

const token = (organizationId: string, scopes: TokenScope[]): Principal => ({
  kind: 'token',
  tokenId: `token-${scopes.join('-')}`,
  name: 'test token',
  organizationId,
  scopes: new Set(scopes),
});

const user = (roles: [string, 'ADMIN' | 'AUDITOR' | 'VIEWER'][], secondFactorMissingIn: string[] = []): Principal => ({
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'someone@example.com',
  name: 'someone',
  isSiteAdmin: false,
  roles: new Map(roles),
  sessionId: 'session',
  secondFactorMissingIn: new Set(secondFactorMissingIn),
});

describe('service entry points check the principal themselves', () => {
  let database: TestDatabase;
  let api: TestApi;
  let context: RequestUseCaseContext;
  let acme: string;
  let globex: string;
  let request: { id: string; organizationId: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    globex = await createOrganization(database.db, 'globex');
    api = createTestApi(database, '2026-03-01T08:00:00.000Z');
    context = forRequest(api.services);
    request = { id: (await submitForTest(api, { organization: 'acme' })).id, organizationId: acme };
  });
  afterAll(() => database.drop());

  /** Every read entry point, aimed at acme's data. */
  const reads = (principal: Principal): Record<string, () => Promise<unknown>> => ({
    queuePage: () => queuePage(context, principal, acme, {}, {}),
    statusCounts: () => statusCounts(context, principal, acme),
    timelineOf: () => timelineOf(context, principal, request),
    auditEventsPage: () => auditEventsPage(context, principal, acme, {}, {}),
    auditEventBatches: async () => {
      for await (const _batch of auditEventBatches(context, principal, acme, {})) break;
    },
    verifyChain: () => verifyChain(context, principal, acme, { keys: context.trustedKeys }),
    verifyChainInParallel: () => verifyChainInParallel(context, principal, acme, { url: database.url, keys: context.trustedKeys }),
    auditVerifier: () => context.auditVerifier.verify(principal, acme, { from: null, to: null }),
  });

  const refusedBy = async (principal: Principal) => {
    const outcomes: Record<string, string> = {};
    for (const [name, read] of Object.entries(reads(principal))) {
      outcomes[name] = await read().then(
        () => 'ALLOWED',
        (error: { code?: string }) => error.code ?? 'ERROR',
      );
    }
    return outcomes;
  };

  const everyRead = (outcome: string) => Object.fromEntries(Object.keys(reads(ANONYMOUS)).map((name) => [name, outcome]));

  it('refuses with FORBIDDEN a principal of the organization who lacks the permission', async () => {
    expect(await refusedBy(token(acme, ['policies:read', 'retention:read']))).toEqual(everyRead('FORBIDDEN'));
    expect(await refusedBy(user([[acme, 'VIEWER']]))).toMatchObject({
      auditEventsPage: 'FORBIDDEN',
      auditEventBatches: 'FORBIDDEN',
      verifyChain: 'FORBIDDEN',
      verifyChainInParallel: 'FORBIDDEN',
      auditVerifier: 'FORBIDDEN',
    });
  });

  it('refuses with FORBIDDEN a principal holding every permission in another organization', async () => {
    expect(await refusedBy(token(globex, ['deletion-requests:read', 'audit:read']))).toEqual(everyRead('FORBIDDEN'));
    expect(await refusedBy(user([[globex, 'ADMIN']]))).toEqual(everyRead('FORBIDDEN'));
  });

  it('refuses the anonymous, and an admin whose organization waits for their second factor', async () => {
    expect(await refusedBy(ANONYMOUS)).toEqual(everyRead('FORBIDDEN'));
    expect(await refusedBy(user([[acme, 'ADMIN']], [acme]))).toEqual(everyRead('FORBIDDEN'));
  });

  it('answers a principal who holds the permission, and the system acting by name', async () => {
    expect(await refusedBy(token(acme, ['deletion-requests:read', 'audit:read']))).toEqual(everyRead('ALLOWED'));
    expect(await refusedBy(user([[acme, 'ADMIN']]))).toEqual(everyRead('ALLOWED'));
    expect(await refusedBy(systemPrincipal('service permission test'))).toEqual(everyRead('ALLOWED'));
  });

  it("keeps the site's own chain to site administrators and the system", async () => {
    const site = (principal: Principal) => auditEventsPage(context, principal, SITE_CHAIN, {}, {});
    await expect(site(user([[acme, 'ADMIN']]))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(verifyChain(context, token(acme, ['audit:read']), SITE_CHAIN, { keys: context.trustedKeys })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(site({ ...(user([]) as Extract<Principal, { kind: 'user' }>), isSiteAdmin: true })).resolves.toHaveProperty('events');
    await expect(site(systemPrincipal('service permission test'))).resolves.toHaveProperty('events');
  });
});

describe('site-wide entry points of jobs and commands check the principal themselves', () => {
  let database: TestDatabase;
  let api: TestApi;
  let acme: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    acme = await createOrganization(database.db, 'acme');
    api = createTestApi(database, '2026-03-01T08:00:00.000Z');
    await submitForTest(api, { organization: 'acme' });
  });
  afterAll(() => database.drop());

  let created = 0;
  /** Every site-wide entry point; each run changes nothing a later one depends on. */
  const actions = (principal: Principal): Record<string, () => Promise<unknown>> => ({
    sealPending: () => sealPending(api.services, principal),
    createCheckpoint: () => createCheckpoint(api.services, principal, api.services.signingKey),
    deliverDueMail: () =>
      deliverDueMail(
        {
          ...api.services,
          transport: {
            send: async () => {},
            close: () => {},
          },
        },
        principal,
      ),
    sendDeadlineReminders: () => sendDeadlineReminders(api.services, principal),
    createUser: () =>
      createUser(api.services, principal, {
        email: `created-${++created}@acme.test`,
        name: 'created',
        password: 'a long enough password for the test',
        membership: { organizationSlug: 'acme', role: 'VIEWER' },
      }),
  });

  const outcomesFor = async (principal: Principal) => {
    const outcomes: Record<string, string> = {};
    for (const [name, action] of Object.entries(actions(principal))) {
      outcomes[name] = await action().then(
        () => 'ALLOWED',
        (error: { code?: string }) => error.code ?? 'ERROR',
      );
    }
    return outcomes;
  };

  const every = (outcome: string) => Object.fromEntries(Object.keys(actions(ANONYMOUS)).map((name) => [name, outcome]));

  it("refuses with FORBIDDEN the anonymous, an organization's admin and a token holding every scope", async () => {
    expect(await outcomesFor(ANONYMOUS)).toEqual(every('FORBIDDEN'));
    expect(await outcomesFor(user([[acme, 'ADMIN']]))).toEqual(every('FORBIDDEN'));
    expect(await outcomesFor(token(acme, ['policies:read', 'retention:read', 'deletion-requests:read', 'audit:read']))).toEqual(
      every('FORBIDDEN'),
    );
    // Nothing was done for a refused caller.
    expect(await database.db.selectFrom('app_user').select('email').where('email', 'like', 'created-%').execute()).toEqual([]);
  });

  it('runs for the system acting by name, and for a site administrator', async () => {
    expect(await outcomesFor(systemPrincipal('service permission test'))).toEqual(every('ALLOWED'));
    expect(await outcomesFor({ ...(user([]) as Extract<Principal, { kind: 'user' }>), isSiteAdmin: true })).toEqual(every('ALLOWED'));
  });
});
