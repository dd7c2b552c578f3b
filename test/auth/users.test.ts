// Organization admins manage their staff through the API: the list, adding
// people (told by mail how to sign in), roles and disabling, each audited,
// inside their own organization only, never leaving it without an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphQLResponse, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail } from '../helpers/deletion-requests.ts';
import { createOrganization, createStaff, PASSWORD, signIn } from '../helpers/staff.ts';

interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}

const MEMBER_FIELDS = 'id email name role disabled';

let database: TestDatabase;
let api: TestApi;
let admin: string;
let adminId: string;
let officer: string;
let viewer: string;
let globexAdmin: string;

async function pendingActions(action: string) {
  return database.db
    .selectFrom('audit_event_pending')
    .select(['action', 'organization_id', 'target_id', 'metadata', 'actor_label'])
    .where('action', '=', action)
    .execute();
}

function members(cookie: string, organization = 'acme'): Promise<GraphQLResponse<{ organizationMembers: Member[] }>> {
  return api.query(
    `query ($organization: String!) { organizationMembers(organization: $organization) { ${MEMBER_FIELDS} } }`,
    { organization },
    { cookie },
  );
}

function createMember(cookie: string, input: { email: string; name: string; role: string; organization?: string }) {
  return api.query<{ createOrganizationUser: { member: Member } }>(
    `mutation ($organization: String!, $email: String!, $name: String!, $role: OrganizationRole!) {
       createOrganizationUser(organization: $organization, email: $email, name: $name, role: $role) { __typename member { __typename ${MEMBER_FIELDS} } }
     }`,
    { organization: 'acme', ...input },
    { cookie },
  );
}

function changeRole(cookie: string, userId: string, role: string, organization = 'acme') {
  return api.query<{ changeMemberRole: Member }>(
    `mutation ($organization: String!, $userId: ID!, $role: OrganizationRole!) { changeMemberRole(organization: $organization, userId: $userId, role: $role) { ${MEMBER_FIELDS} } }`,
    { organization, userId, role },
    { cookie },
  );
}

function disable(cookie: string, userId: string, organization = 'acme') {
  return api.query<{ disableMember: Member }>(
    `mutation ($organization: String!, $userId: ID!) { disableMember(organization: $organization, userId: $userId) { ${MEMBER_FIELDS} } }`,
    { organization, userId },
    { cookie },
  );
}

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

/** The initial password in the one mail a new account's person receives. */
async function mailedInitialPassword(email: string): Promise<string> {
  const mails = await outboxMail(api, email, 'STAFF_ACCOUNT');
  expect(mails).toHaveLength(1);
  const password = /initial password:\n\n(\S+)\n/.exec(mails[0]?.body_text ?? '')?.[1];
  if (!password) throw new Error(`no initial password in: ${mails[0]?.body_text}`);
  return password;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createOrganization(database.db, 'acme');
  await createOrganization(database.db, 'globex');
  api = createTestApi(database, '2026-11-22T12:00:00.000Z');
  adminId = await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
  await createStaff(database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
  await createStaff(database, 'viewer@acme.test', { organization: 'acme', role: 'VIEWER' });
  await createStaff(database, 'admin@globex.test', { organization: 'globex', role: 'ADMIN' });
  admin = await signIn(api, 'admin@acme.test');
  officer = await signIn(api, 'officer@acme.test');
  viewer = await signIn(api, 'viewer@acme.test');
  globexAdmin = await signIn(api, 'admin@globex.test');
});
afterAll(() => database.drop());

describe('organizationMembers', () => {
  it('lists the members of the organization with their roles, by name', async () => {
    const response = await members(admin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.organizationMembers.map((member) => [member.email, member.role, member.disabled])).toEqual([
      ['admin@acme.test', 'ADMIN', false],
      ['officer@acme.test', 'PRIVACY_OFFICER', false],
      ['viewer@acme.test', 'VIEWER', false],
    ]);
  });

  it('is readable by privacy officers, who assign requests to members', async () => {
    expect((await members(officer)).data?.organizationMembers).toHaveLength(3);
  });

  it('is refused to viewers and to admins of another organization', async () => {
    expect(codeOf(await members(viewer))).toBe('FORBIDDEN');
    expect(codeOf(await members(globexAdmin))).toBe('FORBIDDEN');
  });
});

describe('createOrganizationUser', () => {
  it('creates a member whose initial password is mailed only to them and signs them in, and audits it', async () => {
    const response = await createMember(admin, { email: 'New.Person@acme.test', name: 'New Person', role: 'AUDITOR' });
    expect(response.errors).toBeUndefined();
    const created = response.data?.createOrganizationUser;
    expect(created?.member).toMatchObject({ email: 'new.person@acme.test', name: 'New Person', role: 'AUDITOR', disabled: false });
    const initialPassword = await mailedInitialPassword('new.person@acme.test');
    expect(initialPassword.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(response)).not.toContain(initialPassword);
    const cookie = await signIn(api, 'new.person@acme.test', initialPassword);
    const me = await api.query<{ me: { memberships: { organization: string; role: string }[] } }>(
      '{ me { memberships { organization role } } }',
      {},
      { cookie },
    );
    expect(me.data?.me.memberships).toEqual([{ organization: 'acme', role: 'AUDITOR' }]);
    const added = (await pendingActions('member.added')).find((row) => row.target_id === created?.member.id);
    expect(added).toMatchObject({ actor_label: 'admin@acme.test', metadata: '{"role":"AUDITOR"}' });
    const userCreated = (await pendingActions('user.created')).find((row) => row.target_id === created?.member.id);
    expect(userCreated?.organization_id).toBeNull(); // the site's chain, not the organization's
    expect(JSON.stringify([added, userCreated])).not.toContain(initialPassword);
  });

  it("answers adding another organization's admin exactly as adding a new person, and tells that person by mail", async () => {
    await createStaff(database, 'second.admin@globex.test', { organization: 'globex', role: 'ADMIN' });
    const newPerson = await createMember(admin, { email: 'brand.new@acme.test', name: 'Probe', role: 'VIEWER' });
    const otherAdmin = await createMember(admin, { email: 'second.admin@globex.test', name: 'Probe', role: 'VIEWER' });
    expect(otherAdmin.errors).toBeUndefined();
    // The same fields, the same types, no error code, no password for either.
    const shape = (response: typeof newPerson) =>
      JSON.stringify(response.data, (key, value) => (['id', 'email', 'name'].includes(key) ? typeof value : value));
    expect(shape(otherAdmin)).toBe(shape(newPerson));
    expect(shape(newPerson)).toBe(
      '{"createOrganizationUser":{"__typename":"CreatedOrganizationUser","member":{"__typename":"OrganizationMember","id":"string","email":"string","name":"string","role":"VIEWER","disabled":false}}}',
    );
    expect(otherAdmin.errors).toEqual(newPerson.errors);
    // The organization's trail reads the same for both.
    const added = await pendingActions('member.added');
    const eventOf = (response: typeof newPerson) => {
      const event = added.find((row) => row.target_id === response.data?.createOrganizationUser.member.id);
      return event && { action: event.action, organization: event.organization_id, metadata: event.metadata };
    };
    expect(eventOf(otherAdmin)).toEqual(eventOf(newPerson));
    // The existing account keeps its password and is told it was added.
    expect(await outboxMail(api, 'second.admin@globex.test', 'STAFF_ACCOUNT')).toEqual([]);
    const told = await outboxMail(api, 'second.admin@globex.test', 'STAFF_MEMBERSHIP');
    expect(told.map((mail) => mail.subject)).toEqual(['ACME: you were given staff access']);
    expect(await signIn(api, 'second.admin@globex.test', PASSWORD)).toMatch(/^gp_session=/);
  });

  it('tells an admin who adds a member of their own organization again, naming the field', async () => {
    const response = await createMember(admin, { email: 'viewer@acme.test', name: 'Again', role: 'VIEWER' });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'ALREADY_MEMBER', field: 'email' });
  });

  it('refuses a malformed email, naming the field', async () => {
    const response = await createMember(admin, { email: 'not an email', name: 'X', role: 'VIEWER' });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it('is refused to officers, viewers and the admin of another organization', async () => {
    for (const cookie of [officer, viewer, globexAdmin]) {
      expect(codeOf(await createMember(cookie, { email: `x${Math.random()}@acme.test`, name: 'X', role: 'ADMIN' }))).toBe('FORBIDDEN');
    }
  });
});

describe('changeMemberRole', () => {
  it("changes a member's role and audits the change", async () => {
    const { data } = await createMember(admin, { email: 'promote@acme.test', name: 'Promote', role: 'VIEWER' });
    const id = data?.createOrganizationUser.member.id ?? '';
    const response = await changeRole(admin, id, 'PRIVACY_OFFICER');
    expect(response.data?.changeMemberRole.role).toBe('PRIVACY_OFFICER');
    const events = await pendingActions('member.role_changed');
    expect(events.find((event) => event.target_id === id)?.metadata).toBe('{"from":"VIEWER","to":"PRIVACY_OFFICER"}');
  });

  it('keeps the last admin an admin', async () => {
    const response = await changeRole(admin, adminId, 'VIEWER');
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'LAST_ADMIN', field: 'role' });
  });

  it("cannot reach another organization's member, even by id", async () => {
    const globexAdminId = (await members(globexAdmin, 'globex')).data?.organizationMembers[0]?.id ?? '';
    expect(codeOf(await changeRole(admin, globexAdminId, 'VIEWER'))).toBe('NOT_FOUND');
    expect(codeOf(await changeRole(admin, globexAdminId, 'VIEWER', 'globex'))).toBe('FORBIDDEN');
  });
});

describe('disableMember', () => {
  it("ends the member's sessions and keeps them from signing in again", async () => {
    const { data } = await createMember(admin, { email: 'leaver@acme.test', name: 'Leaver', role: 'PRIVACY_OFFICER' });
    const created = data?.createOrganizationUser;
    const initialPassword = await mailedInitialPassword('leaver@acme.test');
    const leaver = await signIn(api, 'leaver@acme.test', initialPassword);
    const response = await disable(admin, created?.member.id ?? '');
    expect(response.data?.disableMember.disabled).toBe(true);
    expect((await api.query<{ me: unknown }>('{ me { user { id } } }', {}, { cookie: leaver })).data?.me).toBeNull();
    const again = await api.query('mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }', {
      email: 'leaver@acme.test',
      password: initialPassword,
    });
    expect(codeOf(again)).toBe('INVALID_CREDENTIALS');
    const events = await pendingActions('member.disabled');
    expect(events.find((event) => event.target_id === created?.member.id)?.metadata).toBe(
      '{"role":"PRIVACY_OFFICER","sessionsEnded":1,"tokensRevoked":0}',
    );
  });

  it('refuses to disable yourself', async () => {
    expect((await disable(admin, adminId)).errors?.[0]?.extensions).toMatchObject({ code: 'CANNOT_DISABLE_SELF', field: 'userId' });
  });

  it('refuses to disable the last admin (a site administrator trying)', async () => {
    await createStaff(database, 'root@site.test', 'site-admin');
    const root = await signIn(api, 'root@site.test');
    expect(codeOf(await disable(root, adminId))).toBe('LAST_ADMIN');
  });

  it('leaves alone a person who also works for another organization', async () => {
    const both = await createStaff(database, 'both@globex.test', { organization: 'globex', role: 'VIEWER' });
    await database.db
      .insertInto('membership')
      .values({ user_id: both, organization_id: await orgId('acme'), role: 'VIEWER' })
      .execute();
    expect(codeOf(await disable(admin, both))).toBe('MEMBER_OF_OTHER_ORGANIZATIONS');
    expect(await signIn(api, 'both@globex.test', PASSWORD)).toMatch(/^gp_session=/);
  });

  it('is refused to officers and to the admin of another organization', async () => {
    const viewerId = (await members(admin)).data?.organizationMembers.find((member) => member.email === 'viewer@acme.test')?.id ?? '';
    expect(codeOf(await disable(officer, viewerId))).toBe('FORBIDDEN');
    expect(codeOf(await disable(globexAdmin, viewerId))).toBe('FORBIDDEN');
    expect(codeOf(await disable(globexAdmin, viewerId, 'globex'))).toBe('NOT_FOUND');
  });
});

async function orgId(slug: string): Promise<string> {
  return (await database.db.selectFrom('organization').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}
