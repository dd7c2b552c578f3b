// The public GraphQL contract for policies, as a reviewer's tool sees it.
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { copyOfPolicies, writeVersion } from '../helpers/policy-files.ts';

const NOW = '2026-11-22T12:00:00.000Z';

describe('GraphQL policies contract', () => {
  let database: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    const root = await copyOfPolicies();
    // Terms of Service gets a second version in force from 2026-12-01 (pending at NOW)
    // and a draft published only in 2027, which must stay invisible.
    await writeVersion(
      root,
      'leenops',
      'terms-of-service',
      {
        version: '1.1',
        title: 'Terms of Service',
        effective: '2026-12-01',
        published: '2026-10-15',
        summary: 'Clarified billing',
      },
      '## 1. About LeenOps\n\nRevised text.\n',
    );
    await writeVersion(root, 'leenops', 'terms-of-service', {
      version: '2.0',
      title: 'Terms of Service',
      effective: '2027-03-01',
      published: '2027-01-01',
      summary: 'Future draft',
    });
    const lock = await readLock(root);
    if (!lock.ok) throw new Error(lock.problem.message);
    await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
    await syncPolicies(database.db, await checkPolicies(root), systemClock);
    api = createTestApi(database, NOW);
  });
  afterAll(() => database.drop());

  it('lists organizations with their policies', async () => {
    const { data } = await api.query<{ organizations: { slug: string; name: string; policies: { slug: string; title: string }[] }[] }>(
      '{ organizations { slug name policies { slug title } } }',
    );
    expect(data?.organizations).toEqual([
      {
        slug: 'leandna',
        name: 'LeanDNA',
        policies: [{ slug: 'data-and-security-policy-for-ai', title: 'LeanDNA Data and Security Policy for AI' }],
      },
      {
        slug: 'leenops',
        name: 'LeenOps',
        policies: [
          { slug: 'ai-use-and-data-policy', title: 'AI Use and Data Policy' },
          { slug: 'terms-of-service', title: 'Terms of Service' },
        ],
      },
      { slug: 'openleash', name: 'OpenLeash', policies: [{ slug: 'privacy-policy', title: 'Privacy Policy' }] },
    ]);
  });

  it('answers organization(slug) with contacts, and null for an unknown slug', async () => {
    const { data } = await api.query(
      '{ organization(slug: "openleash") { name website contacts { email } } missing: organization(slug: "nope") { name } }',
    );
    expect(data).toEqual({
      organization: {
        name: 'OpenLeash',
        website: 'https://openleash.com',
        contacts: [{ email: 'privacy@openleash.com' }, { email: 'support@openleash.com' }],
      },
      missing: null,
    });
  });

  it('serves the current version whole: body, HTML, hash and sections', async () => {
    const { data } = await api.query<{ policy: { currentVersion: Record<string, unknown> } }>(
      `{ policy(organization: "leenops", slug: "ai-use-and-data-policy") {
          slug title organization { slug }
          currentVersion { version title effectiveAt publishedAt summary material body html sha256 sections { id title level } }
      } }`,
    );
    const version = data?.policy.currentVersion as { body: string; html: string; sha256: string; sections: unknown[] };
    expect(data?.policy).toMatchObject({ slug: 'ai-use-and-data-policy', organization: { slug: 'leenops' } });
    expect(version).toMatchObject({
      version: '1.0',
      effectiveAt: '2026-06-13T00:00:00.000Z',
      publishedAt: '2026-06-13T00:00:00.000Z',
      summary: 'Initial public legal policy system',
      material: false,
    });
    expect(version.body).toContain('Questions about AI governance or vendor review can be sent to hello@leenops.com.');
    expect(version.html).toContain('<h2 id="10-contact">10. Contact</h2>');
    const { createHash } = await import('node:crypto');
    expect(version.sha256).toBe(createHash('sha256').update(version.body).digest('hex'));
    expect(version.sections).toHaveLength(10);
    expect(version.sections[0]).toEqual({ id: '1-product-purpose', title: '1. Product purpose', level: 2 });
  });

  it('keeps currentVersion on the version in force while a newer one is pending', async () => {
    const { data } = await api.query(
      '{ policy(organization: "leenops", slug: "terms-of-service") { currentVersion { version } version(version: "1.1") { version summary } } }',
    );
    expect(data).toEqual({ policy: { currentVersion: { version: '1.0' }, version: { version: '1.1', summary: 'Clarified billing' } } });
  });

  it('answers versionAt at the millisecond boundary of an effective date', async () => {
    const { data } = await api.query(`{ policy(organization: "leenops", slug: "terms-of-service") {
      before: versionAt(at: "2026-11-30T23:59:59.999Z") { version }
      at: versionAt(at: "2026-12-01T00:00:00.000Z") { version }
      beforeAny: versionAt(at: "2026-06-12T23:59:59.999Z") { version }
    } }`);
    expect(data).toEqual({ policy: { before: { version: '1.0' }, at: { version: '1.1' }, beforeAny: null } });
  });

  it('hides versions whose publication date has not come', async () => {
    const { data } = await api.query<{ policy: { version: unknown; changelog: { version: string }[]; versionAt: { version: string } } }>(
      '{ policy(organization: "leenops", slug: "terms-of-service") { version(version: "2.0") { version } changelog { version } versionAt(at: "2027-06-01T00:00:00Z") { version } } }',
    );
    expect(data?.policy.version).toBeNull();
    expect(data?.policy.changelog.map((entry) => entry.version)).toEqual(['1.1', '1.0']);
    expect(data?.policy.versionAt.version).toBe('1.1');
  });

  it('returns the changelog from the version metadata, newest first', async () => {
    const { data } = await api.query(
      '{ policy(organization: "leenops", slug: "terms-of-service") { changelog { version effectiveAt summary material } } }',
    );
    expect(data).toEqual({
      policy: {
        changelog: [
          { version: '1.1', effectiveAt: '2026-12-01T00:00:00.000Z', summary: 'Clarified billing', material: false },
          { version: '1.0', effectiveAt: '2026-06-13T00:00:00.000Z', summary: 'Initial public legal policy system', material: false },
        ],
      },
    });
  });

  it('pages through versions with first/after', async () => {
    const page = async (after?: string) =>
      (
        await api.query<{
          policy: {
            versions: { edges: { cursor: string; node: { version: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
          };
        }>(
          'query ($after: String) { policy(organization: "leenops", slug: "terms-of-service") { versions(first: 1, after: $after) { edges { cursor node { version } } pageInfo { hasNextPage endCursor } } } }',
          { after },
        )
      ).data?.policy.versions;
    const first = await page();
    expect(first?.edges.map((edge) => edge.node.version)).toEqual(['1.1']);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    const second = await page(first?.pageInfo.endCursor);
    expect(second?.edges.map((edge) => edge.node.version)).toEqual(['1.0']);
    expect(second?.pageInfo.hasNextPage).toBe(false);
  });

  it('resolves every node type through node(id:)', async () => {
    const { data } = await api.query<{ policy: { id: string; organization: { id: string }; currentVersion: { id: string } } }>(
      '{ policy(organization: "openleash", slug: "privacy-policy") { id organization { id } currentVersion { id } } }',
    );
    const ids = data?.policy;
    const nodes = await api.query(
      `query ($policy: ID!, $organization: ID!, $version: ID!) {
        policy: node(id: $policy) { __typename ... on Policy { slug } }
        organization: node(id: $organization) { __typename ... on Organization { slug } }
        version: node(id: $version) { __typename ... on PolicyVersion { version } }
      }`,
      { policy: ids?.id, organization: ids?.organization.id, version: ids?.currentVersion.id },
    );
    expect(nodes.data).toEqual({
      policy: { __typename: 'Policy', slug: 'privacy-policy' },
      organization: { __typename: 'Organization', slug: 'openleash' },
      version: { __typename: 'PolicyVersion', version: '1.0' },
    });
  });

  it('does not reveal an unpublished version through node(id:)', async () => {
    const row = await database.db.selectFrom('policy_version').select('id').where('version', '=', '2.0').executeTakeFirstOrThrow();
    const id = Buffer.from(`PolicyVersion:${row.id}`).toString('base64');
    const { data } = await api.query('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(data).toEqual({ node: null });
  });

  it('answers null for unknown policies', async () => {
    const { data, errors } = await api.query(
      '{ a: policy(organization: "leenops", slug: "nope") { slug } b: policy(organization: "nope", slug: "terms-of-service") { slug } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ a: null, b: null });
  });

  it('rejects a malformed date argument with a code', async () => {
    const { errors } = await api.query(
      '{ policy(organization: "leenops", slug: "terms-of-service") { versionAt(at: "yesterday") { version } } }',
    );
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors?.[0]?.message).toMatch(/DateTime/);
  });

  it('rejects a malformed date variable with BAD_USER_INPUT', async () => {
    const { errors } = await api.query(
      'query ($at: DateTime!) { policy(organization: "leenops", slug: "terms-of-service") { versionAt(at: $at) { version } } }',
      {
        at: 'not-a-date',
      },
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a negative page size and a forged cursor with BAD_USER_INPUT', async () => {
    for (const args of ['first: -1', 'after: "forged"']) {
      const { errors } = await api.query(
        `{ policy(organization: "leenops", slug: "terms-of-service") { versions(${args}) { edges { cursor } } } }`,
      );
      expect(errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
    }
  });

  it('rejects a malformed global id with BAD_USER_INPUT', async () => {
    const { errors } = await api.query('{ node(id: "not-an-id") { id } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects syntax errors with a code', async () => {
    const { errors } = await api.query('{ organizations { ');
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('limits query depth and aliases', async () => {
    const deep = await api.query(
      '{ organizations { policies { organization { policies { organization { policies { organization { policies { organization { policies { slug } } } } } } } } } } }',
    );
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    const aliases = Array.from({ length: 20 }, (_, index) => `a${index}: organizations { slug }`).join(' ');
    const many = await api.query(`{ ${aliases} }`);
    expect(many.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a GET request without the CSRF header', async () => {
    const response = await api.yoga.fetch('http://localhost/graphql?query=%7B__typename%7D', { method: 'GET' });
    expect(response.status).toBe(403);
  });
});

describe('nested lists', () => {
  it('load with one query per level, however many parents', async () => {
    const queries: string[] = [];
    const database = await createTestDatabase({ onQuery: (sql) => queries.push(sql) });
    try {
      await syncPolicies(database.db, await checkPolicies(await copyOfPolicies()), systemClock);
      const api = createTestApi(database, NOW);
      queries.length = 0;
      const { data } = await api.query<{ organizations: { policies: { currentVersion: { body: string } }[] }[] }>(
        '{ organizations { policies { title currentVersion { version body sections { id } } changelog { version } } } }',
      );
      expect(data?.organizations.flatMap((organization) => organization.policies)).toHaveLength(4);
      // organizations, their policies, the policies' versions, the versions' texts
      expect(queries).toHaveLength(4);
    } finally {
      await database.drop();
    }
  });
});

describe('GraphQL errors that nobody expected', () => {
  it('are masked: no SQL, stack or path reaches the client', async () => {
    const database = await createTestDatabase();
    const api = createTestApi(database, NOW);
    await database.owner.schema.dropTable('policy_version').cascade().execute();
    await database.owner.schema.dropTable('policy').execute();
    const response = await api.query('{ policy(organization: "leenops", slug: "terms-of-service") { slug } }');
    await database.drop();
    expect(response.errors).toEqual([{ message: 'Unexpected error.', path: ['policy'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(response)).not.toMatch(/relation|select|\.ts|at /i);
  });
});
