// Default deny, proven by walking the schema: every field declares who may
// use it, and every root field is tried by every kind of caller, with the
// expected answer written down here. A new field without a rule, or a root
// field missing from the table, fails this test.
import { schema } from '@governance/api/graphql/schema';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type QueryOptions, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, createToken, signIn } from '../helpers/staff.ts';

const CALLERS = [
  'anonymous',
  'viewer',
  'privacyOfficer',
  'auditor',
  'admin',
  'siteAdmin',
  'adminOfOtherOrganization',
  'tokenWithEveryScope',
  'tokenOfOtherOrganization',
] as const;
type Caller = (typeof CALLERS)[number];

const EVERYONE: readonly Caller[] = CALLERS;
const TOKEN_MANAGERS: readonly Caller[] = ['admin', 'siteAdmin'];
const RETENTION_READERS: readonly Caller[] = ['viewer', 'privacyOfficer', 'auditor', 'admin', 'siteAdmin', 'tokenWithEveryScope'];
const DELETION_REQUEST_READERS: readonly Caller[] = ['viewer', 'privacyOfficer', 'auditor', 'admin', 'siteAdmin', 'tokenWithEveryScope'];
const DELETION_REQUEST_WRITERS: readonly Caller[] = ['privacyOfficer', 'admin', 'siteAdmin'];
const OBJECTION_READERS: readonly Caller[] = ['privacyOfficer', 'auditor', 'admin', 'siteAdmin'];
/** change-evidence:export: those who answer for the notices and those who check them; not viewers, not tokens. */
const CHANGE_EVIDENCE_EXPORTERS: readonly Caller[] = ['privacyOfficer', 'auditor', 'admin', 'siteAdmin'];
const OBJECTION_WRITERS: readonly Caller[] = ['privacyOfficer', 'admin', 'siteAdmin'];
const STAFF_USERS: readonly Caller[] = ['viewer', 'privacyOfficer', 'auditor', 'admin', 'siteAdmin', 'adminOfOtherOrganization'];

/** Member mutations name a user; the allowed callers get NOT_FOUND for this one, the others a refusal. */
const NO_SUCH_USER = '00000000-0000-4000-8000-000000000000';

interface Ids {
  organizationNode: string;
  revocableToken: string;
  /** A verified deletion request of acme. */
  deletionRequest: string;
}

interface Rule {
  /** An operation using the field on organization "acme". */
  operation: (ids: Ids) => string;
  allowed: readonly Caller[];
}

/** Root fields in the order they are tried (logout last: it ends the caller's session). */
const ROOT_FIELDS: Record<string, Rule> = {
  'Query.organizations': { operation: () => '{ organizations { slug } }', allowed: EVERYONE },
  'Query.organization': { operation: () => '{ organization(slug: "acme") { slug } }', allowed: EVERYONE },
  'Query.policy': { operation: () => '{ policy(organization: "acme", slug: "terms") { slug } }', allowed: EVERYONE },
  'Query.subprocessors': { operation: () => '{ subprocessors(organization: "acme") { version } }', allowed: EVERYONE },
  'Query.node': { operation: ({ organizationNode }) => `{ node(id: "${organizationNode}") { id } }`, allowed: EVERYONE },
  'Query.me': { operation: () => '{ me { user { id } } }', allowed: EVERYONE },
  'Query.apiTokens': { operation: () => '{ apiTokens(organization: "acme") { id name } }', allowed: TOKEN_MANAGERS },
  'Mutation.createApiToken': {
    operation: () =>
      'mutation { createApiToken(input: { organization: "acme", name: "walk", scopes: [POLICIES_READ] }) { secret token { id } } }',
    allowed: TOKEN_MANAGERS,
  },
  'Mutation.revokeApiToken': {
    operation: ({ revocableToken }) => `mutation { revokeApiToken(organization: "acme", id: "${revocableToken}") { id } }`,
    allowed: TOKEN_MANAGERS,
  },
  'Query.auditEvents': {
    operation: () => '{ auditEvents(organization: "acme", first: 1) { pageInfo { hasNextPage } } }',
    allowed: ['auditor', 'admin', 'siteAdmin', 'tokenWithEveryScope'],
  },
  'Query.auditTrailMembers': {
    operation: () => '{ auditTrailMembers(organization: "acme") { id name } }',
    allowed: ['auditor', 'admin', 'siteAdmin', 'tokenWithEveryScope'],
  },
  'Query.verifyAuditChain': {
    operation: () => '{ verifyAuditChain(organization: "acme") { ok } }',
    allowed: ['auditor', 'admin', 'siteAdmin', 'tokenWithEveryScope'],
  },
  'Query.siteAuditEvents': {
    operation: () => '{ siteAuditEvents(first: 1) { pageInfo { hasNextPage } } }',
    allowed: ['siteAdmin'],
  },
  'Query.verifySiteAuditChain': { operation: () => '{ verifySiteAuditChain { ok } }', allowed: ['siteAdmin'] },
  'Query.retentionSchedule': { operation: () => '{ retentionSchedule(organization: "acme") { entries { category } } }', allowed: EVERYONE },
  'Query.retentionSettings': {
    operation: () => '{ retentionSettings(organization: "acme") { category version } }',
    allowed: RETENTION_READERS,
  },
  'Query.retentionHistory': {
    operation: () => '{ retentionHistory(organization: "acme", category: "staff-sessions") { version } }',
    allowed: RETENTION_READERS,
  },
  'Query.retentionRuns': {
    operation: () => '{ retentionRuns(organization: "acme", first: 1) { pageInfo { hasNextPage } } }',
    allowed: RETENTION_READERS,
  },
  'Query.retentionDryRun': {
    operation: () => '{ retentionDryRun(organization: "acme") { rules { category count } } }',
    allowed: ['privacyOfficer', 'admin', 'siteAdmin'],
  },
  'Mutation.updateRetentionSetting': {
    operation: () =>
      'mutation { updateRetentionSetting(input: { organization: "acme", category: "walk-the-schema", description: "Walk", period: "P30D", trigger: "walked", action: DELETE, legalBasis: "Test", public: false }, reason: "walking the schema") { version } }',
    allowed: ['privacyOfficer', 'admin', 'siteAdmin'],
  },
  'Mutation.submitDeletionRequest': {
    operation: () =>
      'mutation { submitDeletionRequest(input: { organization: "acme", idempotencyKey: "walk-the-schema", email: "a@b.test", name: "A", jurisdiction: GDPR }) { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.submitPrivacyRequest': {
    operation: () =>
      'mutation { submitPrivacyRequest(input: { organization: "acme", kinds: [ACCESS], idempotencyKey: "walk-the-schema-kinds", email: "a@b.test", name: "A", jurisdiction: GDPR }) { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.verifyDeletionRequest': {
    operation: () => 'mutation { verifyDeletionRequest(token: "drv_unknown") { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.verifyDeletionRequestWithCode': {
    operation: () => 'mutation { verifyDeletionRequestWithCode(reference: "DR-2026-ZZZZZ", code: "ABCD-EFGH") { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.openDeletionRequestStatusWithCode': {
    operation: () => 'mutation { openDeletionRequestStatusWithCode(reference: "DR-2026-ZZZZZ", code: "ABCD-EFGH") { __typename } }',
    allowed: EVERYONE,
  },
  'Query.organizationMembers': {
    operation: () => '{ organizationMembers(organization: "acme") { id role } }',
    allowed: ['privacyOfficer', 'admin', 'siteAdmin'],
  },
  'Mutation.createOrganizationUser': {
    operation: () =>
      'mutation { createOrganizationUser(organization: "acme", email: "walk@acme.test", name: "Walk", role: VIEWER) { member { id } } }',
    allowed: TOKEN_MANAGERS,
  },
  'Mutation.changeMemberRole': {
    operation: () => `mutation { changeMemberRole(organization: "acme", userId: "${NO_SUCH_USER}", role: AUDITOR) { id } }`,
    allowed: TOKEN_MANAGERS,
  },
  'Mutation.disableMember': {
    operation: () => `mutation { disableMember(organization: "acme", userId: "${NO_SUCH_USER}") { id } }`,
    allowed: TOKEN_MANAGERS,
  },
  // A signed-in person answers their own invitations; with none pending the answer is NOT_FOUND, not a refusal.
  'Mutation.acceptInvitation': {
    operation: () => 'mutation { acceptInvitation(organization: "acme") { organization } }',
    allowed: STAFF_USERS,
  },
  'Mutation.declineInvitation': {
    operation: () => 'mutation { declineInvitation(organization: "acme") { organization } }',
    allowed: STAFF_USERS,
  },
  'Query.deletionRequests': {
    operation: () => '{ deletionRequests(organization: "acme", first: 1) { pageInfo { hasNextPage } } }',
    allowed: DELETION_REQUEST_READERS,
  },
  'Query.deletionRequestCounts': {
    operation: () => '{ deletionRequestCounts(organization: "acme") { count } }',
    allowed: DELETION_REQUEST_READERS,
  },
  // Anyone may ask; the request's own type answers null to whoever may not read it (test/deletion-requests).
  'Query.deletionRequest': {
    operation: ({ deletionRequest }) => `{ deletionRequest(id: "${deletionRequest}") { id } }`,
    allowed: EVERYONE,
  },
  'Query.deletionRequestStatus': { operation: () => '{ deletionRequestStatus(token: "drs_unknown") { reference } }', allowed: EVERYONE },
  'Query.deletionRequestMetrics': {
    operation: () => '{ deletionRequestMetrics(organization: "acme", year: 2026) { received } }',
    allowed: EVERYONE,
  },
  ...deletionRequestActions({
    verifyDeletionRequestManually: 'reason: "walk"',
    assignDeletionRequest: 'assignee: null',
    startDeletionRequest: '',
    holdDeletionRequest: 'reason: OTHER, message: "walk"',
    resumeDeletionRequest: '',
    extendDeletionRequest: 'amount: 1, reason: "walk"',
    completeDeletionRequest: 'summary: "walk", systems: ["walk"]',
    rejectDeletionRequest: 'category: OTHER, reason: "walk"',
    cancelDeletionRequest: 'reason: "walk"',
    decideDeletionRequestCorrections: 'decisions: []',
  }),
  'Mutation.addDeletionRequestNote': {
    operation: ({ deletionRequest }) => `mutation { addDeletionRequestNote(id: "${deletionRequest}", text: "walk") { __typename } }`,
    allowed: DELETION_REQUEST_WRITERS,
  },
  // Change subscriptions (merged from the change-notices work): anyone may subscribe, confirm and unsubscribe.
  'Mutation.subscribeToChanges': {
    operation: () =>
      'mutation { subscribeToChanges(input: { organization: "acme", email: "a@b.test", topics: [POLICIES] }) { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.confirmSubscription': {
    operation: () => 'mutation { confirmSubscription(token: "csc_unknown") { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.unsubscribeFromChanges': {
    operation: () => 'mutation { unsubscribeFromChanges(token: "csu_unknown") { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.objectToSubprocessorChange': {
    operation: () =>
      'mutation { objectToSubprocessorChange(input: { organization: "acme", version: "1.0", email: "a@b.test", company: "B", reason: "walk" }) { __typename } }',
    allowed: EVERYONE,
  },
  'Mutation.verifySubprocessorObjection': {
    operation: () => 'mutation { verifySubprocessorObjection(token: "spo_unknown") { __typename } }',
    allowed: EVERYONE,
  },
  'Query.subprocessorObjections': {
    operation: () => '{ subprocessorObjections(organization: "acme") { id } }',
    allowed: OBJECTION_READERS,
  },
  // Anyone may ask; the objection's own type answers null to whoever may not read it (test/subprocessors).
  'Query.subprocessorObjection': {
    operation: () => `{ subprocessorObjection(id: "${NO_SUCH_USER}") { id } }`,
    allowed: EVERYONE,
  },
  'Mutation.resolveSubprocessorObjection': {
    operation: () =>
      `mutation { resolveSubprocessorObjection(input: { organization: "acme", id: "${NO_SUCH_USER}", outcome: OTHER }) { __typename } }`,
    allowed: OBJECTION_WRITERS,
  },
  'Mutation.exportSubprocessorChangeEvidence': {
    operation: () => 'mutation { exportSubprocessorChangeEvidence(organization: "acme", version: "1.0") { __typename } }',
    allowed: OBJECTION_READERS,
  },
  'Query.announcedChanges': {
    operation: () => '{ announcedChanges(organization: "acme") { version } }',
    allowed: CHANGE_EVIDENCE_EXPORTERS,
  },
  'Mutation.exportPolicyChangeEvidence': {
    operation: () => 'mutation { exportPolicyChangeEvidence(organization: "acme", document: "terms", version: "1.1") { __typename } }',
    allowed: CHANGE_EVIDENCE_EXPORTERS,
  },
  'Mutation.sealPrivacyPackage': {
    operation: ({ deletionRequest }) =>
      `mutation { sealPrivacyPackage(id: "${deletionRequest}", items: [{ category: "A", system: "S", fields: [{ name: "N", value: "walk" }] }]) { __typename } }`,
    allowed: DELETION_REQUEST_WRITERS,
  },
  'Mutation.recordPrivacyPackageIdentityProof': {
    operation: ({ deletionRequest }) =>
      `mutation { recordPrivacyPackageIdentityProof(id: "${deletionRequest}", method: "walk") { __typename } }`,
    allowed: DELETION_REQUEST_WRITERS,
  },
  'Mutation.revokePrivacyPackageLink': {
    operation: ({ deletionRequest }) => `mutation { revokePrivacyPackageLink(id: "${deletionRequest}") { __typename } }`,
    allowed: DELETION_REQUEST_WRITERS,
  },
  'Mutation.reissuePrivacyPackageLink': {
    operation: ({ deletionRequest }) => `mutation { reissuePrivacyPackageLink(id: "${deletionRequest}") { __typename } }`,
    allowed: DELETION_REQUEST_WRITERS,
  },
  'Mutation.downloadPrivacyPackage': {
    operation: () => `mutation { downloadPrivacyPackage(statusToken: "drs_unknown", link: "${NO_SUCH_USER}", format: JSON) { filename } }`,
    allowed: EVERYONE,
  },
  'Mutation.login': {
    operation: () => 'mutation { login(email: "nobody@acme.test", password: "wrong password") { id } }',
    allowed: EVERYONE,
  },
  'Query.mySecondFactor': { operation: () => '{ mySecondFactor { enabled } }', allowed: STAFF_USERS },
  'Query.organizationSecondFactorRequired': {
    operation: () => '{ organizationSecondFactorRequired(organization: "acme") }',
    allowed: TOKEN_MANAGERS,
  },
  'Mutation.completeLogin': {
    operation: () => 'mutation { completeLogin(challenge: "gpc_unknown", code: "123456") { id } }',
    allowed: EVERYONE,
  },
  'Mutation.startSecondFactorEnrolment': { operation: () => 'mutation { startSecondFactorEnrolment { secret } }', allowed: STAFF_USERS },
  'Mutation.confirmSecondFactorEnrolment': {
    operation: () => 'mutation { confirmSecondFactorEnrolment(password: "not the password", code: "not a code") { recoveryCodes } }',
    allowed: STAFF_USERS,
  },
  'Mutation.regenerateRecoveryCodes': {
    operation: () => 'mutation { regenerateRecoveryCodes(code: "not a code") { recoveryCodes } }',
    allowed: STAFF_USERS,
  },
  'Mutation.resetMemberSecondFactor': {
    operation: () => `mutation { resetMemberSecondFactor(organization: "acme", userId: "${NO_SUCH_USER}") }`,
    allowed: TOKEN_MANAGERS,
  },
  'Mutation.setOrganizationSecondFactorRequired': {
    operation: () => 'mutation { setOrganizationSecondFactorRequired(organization: "acme", required: false) }',
    allowed: TOKEN_MANAGERS,
  },
  'Mutation.logout': { operation: () => 'mutation { logout }', allowed: EVERYONE },
};

/** Staff actions on the verified request; a version that is stale by then still proves the caller got through. */
function deletionRequestActions(actions: Record<string, string>): Record<string, Rule> {
  return Object.fromEntries(
    Object.entries(actions).map(([mutation, args]) => [
      `Mutation.${mutation}`,
      {
        operation: ({ deletionRequest }: Ids) =>
          `mutation { ${mutation}(id: "${deletionRequest}", version: 2${args ? `, ${args}` : ''}) { __typename } }`,
        allowed: DELETION_REQUEST_WRITERS,
      },
    ]),
  );
}

const REFUSED = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

describe('authorization', () => {
  it('is declared on every field of every type', () => {
    const undeclared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const typeRule = (type.extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
      for (const field of Object.values(type.getFields())) {
        const fieldRule = (field.extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
        if (typeRule === undefined && fieldRule === undefined) undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('has a row in the table for every root field', () => {
    const rootFields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}).map((field) => `${type?.name}.${field}`),
    );
    expect(Object.keys(ROOT_FIELDS).sort()).toEqual(rootFields.sort());
  });

  describe('for each root field and each caller', () => {
    let database: TestDatabase;
    let api: TestApi;
    const callers = new Map<Caller, QueryOptions>();
    let ids: Ids;

    beforeAll(async () => {
      database = await createTestDatabase();
      const acme = await createOrganization(database.db, 'acme');
      await createOrganization(database.db, 'globex');
      api = createTestApi(database, '2026-11-22T12:00:00.000Z');
      const staff: [Caller, string, Parameters<typeof createStaff>[2]][] = [
        ['viewer', 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' }],
        ['privacyOfficer', 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' }],
        ['auditor', 'auditor@acme.test', { organization: 'acme', role: 'AUDITOR' }],
        ['admin', 'admin@acme.test', { organization: 'acme', role: 'ADMIN' }],
        ['siteAdmin', 'root@site.test', 'site-admin'],
        ['adminOfOtherOrganization', 'admin@globex.test', { organization: 'globex', role: 'ADMIN' }],
      ];
      callers.set('anonymous', {});
      for (const [caller, email, access] of staff) {
        await createStaff(database, email, access);
        callers.set(caller, { cookie: await signIn(api, email) });
      }
      const everyScope = ['POLICIES_READ', 'RETENTION_READ', 'DELETION_REQUESTS_READ', 'AUDIT_READ'];
      callers.set('tokenWithEveryScope', { token: await createToken(api, callers.get('admin')?.cookie ?? '', 'acme', everyScope) });
      callers.set('tokenOfOtherOrganization', {
        token: await createToken(api, callers.get('adminOfOtherOrganization')?.cookie ?? '', 'globex', everyScope),
      });
      await createToken(api, callers.get('admin')?.cookie ?? '', 'acme', ['POLICIES_READ']);
      const revocable = await database.db
        .selectFrom('api_token')
        .select('id')
        .where('organization_id', '=', acme)
        .where('name', '=', 'token for POLICIES_READ')
        .executeTakeFirstOrThrow();
      const request = await submitForTest(api, { organization: 'acme' });
      await api.query('mutation ($token: String!) { verifyDeletionRequest(token: $token) { __typename } }', {
        token: request.verificationToken,
      });
      ids = {
        organizationNode: Buffer.from(`Organization:${acme}`).toString('base64'),
        revocableToken: revocable.id,
        deletionRequest: request.id,
      };
    });
    afterAll(() => database.drop());

    for (const [field, rule] of Object.entries(ROOT_FIELDS)) {
      it(`${field}: allowed for ${rule.allowed.length === CALLERS.length ? 'everyone' : rule.allowed.join(', ')}, refused to the rest`, async () => {
        const outcomes: Record<string, string> = {};
        const expected: Record<string, string> = {};
        for (const caller of CALLERS) {
          const response = await api.query(rule.operation(ids), {}, callers.get(caller));
          const refusal = response.errors?.find((error) => REFUSED.has(error.extensions?.code ?? ''));
          outcomes[caller] = refusal ? `refused (${refusal.extensions?.code}: ${refusal.message})` : 'allowed';
          expected[caller] = rule.allowed.includes(caller) ? 'allowed' : expect.stringMatching(/^refused/);
        }
        expect(outcomes).toEqual(expected);
      });
    }
  });
});
