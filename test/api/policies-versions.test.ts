// Redlines, schedules and trust packs through the public GraphQL API, over the
// fixture policies (test/fixtures/policies-versions) synced into a real database.
import path from 'node:path';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { fixedClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/policies-versions');
/** Terms 2.0 is published (2026-11-01) and pending (effective 2026-12-15). */
const NOW = '2026-11-22T12:00:00.000Z';

let database: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  database = await createTestDatabase();
  const checked = await checkPolicies(FIXTURE);
  expect(checked.problems).toEqual([]);
  await syncPolicies(database.db, checked, fixedClock(NOW));
  api = createTestApi(database, NOW);
});
afterAll(() => database.drop());

const TERMS = 'policy(organization: "acme", slug: "terms")';

describe('Policy.diff', () => {
  it('returns each section with its change and word hunks, plus totals', async () => {
    const { data, errors } = await api.query<{ policy: { diff: Record<string, unknown> } }>(`{ ${TERMS} {
      diff(from: "1.0", to: "1.1") {
        from { version } to { version }
        sections { sectionId title previousTitle change hunks { kind text } }
        totals { sectionsAdded sectionsRemoved sectionsModified sectionsMoved sectionsUnchanged wordsInserted wordsDeleted }
      } } }`);
    expect(errors).toBeUndefined();
    const diff = data?.policy.diff as {
      sections: {
        sectionId: string;
        change: string;
        title: string;
        previousTitle: string | null;
        hunks: { kind: string; text: string }[];
      }[];
    };
    expect(diff).toMatchObject({ from: { version: '1.0' }, to: { version: '1.1' } });
    expect(diff.sections.map((section) => `${section.sectionId}:${section.change}`)).toEqual([
      ':UNCHANGED',
      'contact-us:MOVED',
      'accounts:MODIFIED',
      'payment:MODIFIED',
      'liability:REMOVED',
      'termination:UNCHANGED',
      'data-export:ADDED',
    ]);
    expect(diff.sections.find((section) => section.sectionId === 'payment')).toMatchObject({
      title: 'Fees and payment',
      previousTitle: 'Payment',
    });
    expect(diff.sections.find((section) => section.sectionId === 'accounts')?.hunks).toEqual([
      { kind: 'EQUAL', text: 'You need an account to use the service. Keep your password ' },
      { kind: 'INSERT', text: 'and API keys ' },
      { kind: 'EQUAL', text: 'secret.' },
    ]);
    expect(data?.policy.diff.totals).toEqual({
      sectionsAdded: 1,
      sectionsRemoved: 1,
      sectionsModified: 2,
      sectionsMoved: 1,
      sectionsUnchanged: 2,
      wordsInserted: 13,
      wordsDeleted: 7,
    });
  });

  it('compares with a published pending version', async () => {
    const { data } = await api.query(`{ ${TERMS} { diff(from: "1.1", to: "2.0") { sections { sectionId change } } } }`);
    expect(JSON.stringify(data)).toContain('{"sectionId":"termination","change":"MODIFIED"}');
  });

  it('refuses an unknown or unpublished version with VERSION_NOT_FOUND naming the argument', async () => {
    const unknown = await api.query(`{ ${TERMS} { diff(from: "9.9", to: "1.1") { totals { wordsInserted } } } }`);
    expect(unknown.errors?.[0]?.extensions).toEqual({ code: 'VERSION_NOT_FOUND', field: 'from' });
    // Privacy 1.1 exists in the database but is published only in 2027.
    const unpublished = await api.query(
      '{ policy(organization: "acme", slug: "privacy") { diff(from: "1.0", to: "1.1") { totals { wordsInserted } } } }',
    );
    expect(unpublished.errors?.[0]).toMatchObject({
      message: 'This policy has no published version "1.1".',
      extensions: { code: 'VERSION_NOT_FOUND', field: 'to' },
    });
  });
});

describe('pending versions', () => {
  it('keeps currentVersion on the version in force and exposes the pending one as upcomingVersion', async () => {
    const { data } = await api.query(`{ ${TERMS} { currentVersion { version } upcomingVersion { version effectiveAt summary } } }`);
    expect(data).toEqual({
      policy: {
        currentVersion: { version: '1.1' },
        upcomingVersion: { version: '2.0', effectiveAt: '2026-12-15T00:00:00.000Z', summary: 'Longer notice period for termination' },
      },
    });
  });

  it('switches to the new version at its effective instant, not a millisecond before', async () => {
    const before = createTestApi(database, '2026-12-14T23:59:59.999Z');
    const at = createTestApi(database, '2026-12-15T00:00:00.000Z');
    const query = `{ ${TERMS} { currentVersion { version } upcomingVersion { version } } }`;
    expect((await before.query(query)).data).toEqual({
      policy: { currentVersion: { version: '1.1' }, upcomingVersion: { version: '2.0' } },
    });
    expect((await at.query(query)).data).toEqual({ policy: { currentVersion: { version: '2.0' }, upcomingVersion: null } });
    const { data } = await api.query(`{ ${TERMS} {
      justBefore: versionAt(at: "2026-12-14T23:59:59.999Z") { version }
      atBoundary: versionAt(at: "2026-12-15T00:00:00.000Z") { version }
      first: versionAt(at: "2026-05-31T23:59:59.999Z") { version }
    } }`);
    expect(data).toEqual({ policy: { justBefore: { version: '1.1' }, atBoundary: { version: '2.0' }, first: { version: '1.0' } } });
  });

  it('does not announce a version that is not yet published', async () => {
    const { data } = await api.query(
      '{ policy(organization: "acme", slug: "privacy") { currentVersion { version } upcomingVersion { version } } }',
    );
    expect(data).toEqual({ policy: { currentVersion: { version: '1.0' }, upcomingVersion: null } });
  });
});

describe('Organization.trustPack', () => {
  const TRUST_PACK = `query ($at: DateTime!, $since: DateTime) { organization(slug: "acme") { trustPack(at: $at, changesSince: $since) {
    at changesSince organization { slug }
    policies { policy { slug } version { version effectiveAt publishedAt sha256 body } }
    changes { policy { slug } version { version effectiveAt summary sha256 } previousVersion { version } }
  } } }`;

  async function rawTrustPack(variables: Record<string, unknown>): Promise<string> {
    const response = await api.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-csrf': '1' },
      body: JSON.stringify({ query: TRUST_PACK, variables }),
    });
    return response.text();
  }

  it('lists every policy in force at the instant with dates, hash and text, and the changes since', async () => {
    const { data, errors } = await api.query<{ organization: { trustPack: Record<string, unknown> } }>(TRUST_PACK, {
      at: '2026-12-15T00:00:00.000Z',
      since: '2026-02-01T00:00:00.000Z',
    });
    expect(errors).toBeUndefined();
    const pack = data?.organization.trustPack as {
      policies: { policy: { slug: string }; version: { version: string; sha256: string; body: string } }[];
      changes: unknown[];
    };
    expect(pack).toMatchObject({
      at: '2026-12-15T00:00:00.000Z',
      changesSince: '2026-02-01T00:00:00.000Z',
      organization: { slug: 'acme' },
    });
    expect(pack.policies.map((entry) => `${entry.policy.slug}@${entry.version.version}`)).toEqual(['privacy@1.0', 'terms@2.0']);
    const { createHash } = await import('node:crypto');
    for (const entry of pack.policies) expect(entry.version.sha256).toBe(createHash('sha256').update(entry.version.body).digest('hex'));
    expect(pack.changes).toEqual([
      {
        policy: { slug: 'privacy' },
        version: expect.objectContaining({ version: '1.0', effectiveAt: '2026-03-01T00:00:00.000Z' }),
        previousVersion: null,
      },
      {
        policy: { slug: 'terms' },
        version: expect.objectContaining({ version: '1.1', effectiveAt: '2026-06-01T00:00:00.000Z' }),
        previousVersion: { version: '1.0' },
      },
      {
        policy: { slug: 'terms' },
        version: expect.objectContaining({ version: '2.0', summary: 'Longer notice period for termination' }),
        previousVersion: { version: '1.1' },
      },
    ]);
  });

  it('answers for a past instant with what was in force then', async () => {
    const { data } = await api.query<{ organization: { trustPack: { policies: unknown[]; changes: unknown[] } } }>(TRUST_PACK, {
      at: '2026-02-15T00:00:00.000Z',
    });
    expect(data?.organization.trustPack.policies).toEqual([
      expect.objectContaining({ policy: { slug: 'terms' }, version: expect.objectContaining({ version: '1.0' }) }),
    ]);
    expect(data?.organization.trustPack.changes).toHaveLength(1);
  });

  it('gives byte-identical responses for the same inputs, whenever asked', async () => {
    const variables = { at: '2026-12-15T00:00:00.000Z', since: '2026-01-01T00:00:00.000Z' };
    const first = await rawTrustPack(variables);
    const second = await rawTrustPack(variables);
    expect(second).toBe(first);
    // Another process (fresh caches, another request instant) gives the same bytes.
    const later = createTestApi(database, '2026-11-30T08:00:00.000Z');
    const third = await (
      await later.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-csrf': '1' },
        body: JSON.stringify({ query: TRUST_PACK, variables }),
      })
    ).text();
    expect(third).toBe(first);
    expect(first).toContain('"sha256"');
  });

  it('refuses changesSince after at, naming the field', async () => {
    const { errors } = await api.query(TRUST_PACK, { at: '2026-01-01T00:00:00Z', since: '2026-06-01T00:00:00Z' });
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'changesSince' });
  });
});
