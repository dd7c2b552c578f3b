// The sign-in limits and what failed sign-ins leave in the audit trail, through
// the real service and the real GraphQL stack over real PostgreSQL.
import type { AuditRequest } from '@governance/api/audit/models';
import { login } from '@governance/api/auth/auth.service';
import { DomainError } from '@governance/api/shared/domain-error';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createOrganization, createStaff, PASSWORD } from '../helpers/staff.ts';

const from = (ip: string): AuditRequest => ({ requestId: null, ip, userAgent: 'test' });

/** The error code of a sign-in attempt, or 'SIGNED_IN'. */
async function attempt(deps: Parameters<typeof login>[0], email: string, password: string, request: AuditRequest): Promise<string> {
  try {
    await login(deps, { email, password }, request);
    return 'SIGNED_IN';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const tally = (codes: string[]) => Object.fromEntries([...new Set(codes)].map((code) => [code, codes.filter((c) => c === code).length]));

async function trail(database: TestDatabase) {
  return database.db
    .selectFrom('audit_event_pending')
    .select(['action', 'actor_label', 'target_id', 'metadata', 'ip'])
    .where('action', 'in', ['auth.login_failed', 'auth.login_locked', 'auth.login_succeeded'])
    .orderBy('id')
    .execute();
}

async function auditRowCount(database: TestDatabase): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    select (select count(*) from audit_event_pending) + (select count(*) from audit_event) as count`.execute(database.owner);
  return Number(rows[0]?.count);
}

describe('sign-in limits and the trail of failed sign-ins', () => {
  let database: TestDatabase;
  let api: TestApi;
  let deps: Parameters<typeof login>[0];

  beforeEach(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
    api = createTestApi(database, '2026-11-22T09:00:00.000Z');
    const { db, clock, sessions, loginLimiter, passwords } = api.services;
    deps = { db, clock, sessions, loginLimiter, passwords };
  });
  afterEach(() => database.drop());

  it('checks at most 5 passwords of one account when 60 wrong ones arrive at once from one address', async () => {
    const codes = await Promise.all(
      Array.from({ length: 60 }, () => attempt(deps, 'officer@acme.test', 'wrong password', from('203.0.113.5'))),
    );
    // Every checked password that was wrong is one `auth.login_failed`; the rest were refused unchecked.
    const failed = (await trail(database)).filter((event) => event.action === 'auth.login_failed');
    expect(failed.length).toBeLessThanOrEqual(5);
    expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: failed.length, LOCKED_OUT: 60 - failed.length });
    // Even the right password is not checked now.
    expect(await attempt(deps, 'officer@acme.test', PASSWORD, from('198.51.100.1'))).toBe('LOCKED_OUT');
  });

  it('checks at most 20 passwords from one address across accounts when 60 arrive at once', async () => {
    const codes = await Promise.all(
      Array.from({ length: 60 }, (_, n) => attempt(deps, `person${n}@acme.test`, 'wrong password', from('203.0.113.6'))),
    );
    const failed = (await trail(database)).filter((event) => event.action === 'auth.login_failed');
    expect(failed.length).toBeLessThanOrEqual(20);
    expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: failed.length, LOCKED_OUT: 60 - failed.length });
  });

  it('counts every address of one IPv6 /64 as one address, so picking a fresh address per attempt gains nothing', async () => {
    const codes = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        attempt(deps, `person${n}@acme.test`, 'wrong password', from(`2001:db8:77:1:${(n + 1).toString(16)}::${n + 1}`)),
      ),
    );
    const failed = (await trail(database)).filter((event) => event.action === 'auth.login_failed');
    expect(failed.length).toBeLessThanOrEqual(20);
    expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: failed.length, LOCKED_OUT: 30 - failed.length });
  });

  it('signs in after failures below the limit, and then counts the account from zero', async () => {
    for (let n = 0; n < 4; n++)
      expect(await attempt(deps, 'officer@acme.test', 'wrong password', from('203.0.113.7'))).toBe('INVALID_CREDENTIALS');
    expect(await attempt(deps, 'officer@acme.test', PASSWORD, from('203.0.113.7'))).toBe('SIGNED_IN');
    for (let n = 0; n < 4; n++)
      expect(await attempt(deps, 'officer@acme.test', 'wrong password', from('203.0.113.7'))).toBe('INVALID_CREDENTIALS');
    expect(await attempt(deps, 'officer@acme.test', PASSWORD, from('203.0.113.7'))).toBe('SIGNED_IN');
  });

  it('records one lockout event per account and address per lockout, however many attempts are refused', async () => {
    for (let n = 0; n < 5; n++) await attempt(deps, 'officer@acme.test', 'wrong password', from('203.0.113.8'));
    await Promise.all(Array.from({ length: 30 }, () => attempt(deps, 'officer@acme.test', 'wrong password', from('203.0.113.8'))));
    for (let n = 0; n < 15; n++) await attempt(deps, `person${n}@acme.test`, 'wrong password', from('203.0.113.8'));
    await Promise.all(Array.from({ length: 30 }, (_, n) => attempt(deps, `other${n}@acme.test`, 'wrong password', from('203.0.113.8'))));
    const locked = (await trail(database)).filter((event) => event.action === 'auth.login_locked');
    expect(locked.map((event) => JSON.parse(event.metadata))).toEqual([{ limits: ['account'] }, { limits: ['address'] }]);
    expect(locked[0]?.actor_label).toBe('officer@acme.test');
  });

  it('refuses an over-long email or password naming the field, and records nothing', async () => {
    const before = await auditRowCount(database);
    const hugeEmail = `${'a'.repeat(8 * 1024 * 1024)}@acme.test`;
    for (let n = 0; n < 4; n++) {
      const response = await api.query(
        'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }',
        {
          email: hugeEmail,
          password: 'anything',
        },
      );
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    }
    const longPassword = await api.query(
      'mutation ($password: String!) { login(email: "officer@acme.test", password: $password) { id } }',
      {
        password: 'p'.repeat(1025),
      },
    );
    expect(longPassword.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(await auditRowCount(database)).toBe(before);
    expect(await sql`select 1 from rate_limit`.execute(database.db)).toMatchObject({ rows: [] });
  });

  it('names a failed sign-in only by an existing account, so a password typed as the email is not kept', async () => {
    expect(await attempt(deps, 'officer@acme.test', 'wrong password', from('203.0.113.9'))).toBe('INVALID_CREDENTIALS');
    expect(await attempt(deps, 'my secret passphrase', 'officer@acme.test', from('203.0.113.9'))).toBe('INVALID_CREDENTIALS');
    expect(await attempt(deps, 'nobody@acme.test', 'wrong password', from('203.0.113.9'))).toBe('INVALID_CREDENTIALS');
    const failed = await trail(database);
    expect(failed.map((event) => event.actor_label)).toEqual(['officer@acme.test', null, null]);
    expect(JSON.stringify(failed)).not.toContain('my secret passphrase');
  });
});
