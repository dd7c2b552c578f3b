// Organization admins manage their staff through the API: the list, inviting
// people (told by mail how to sign in and accept), roles and disabling, each
// audited, inside their own organization only, never leaving it without an
// admin, and never learning or touching anything of another organization.
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
  status: string;
  disabled: boolean;
}

const MEMBER_FIELDS = 'id email name role status disabled';
/** Everything an admin learns of an invited member but the random id. */
const ANSWER_FIELDS = 'email name role status invited disabled secondFactorEnabled memberSince';

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

function invite(cookie: string, testApi: TestApi, input: { email: string; name: string; role: string }) {
  return testApi.query(
    `mutation ($email: String!, $name: String!, $role: OrganizationRole!) {
       createOrganizationUser(organization: "acme", email: $email, name: $name, role: $role) { __typename member { __typename ${ANSWER_FIELDS} } }
     }`,
    input,
    { cookie },
  );
}

const ME = '{ me { memberships { organization role } pendingInvitations { organization organizationName role } } }';

function me(cookie: string) {
  return api.query<{
    me: { memberships: { organization: string; role: string }[]; pendingInvitations: { organization: string; role: string }[] };
  }>(ME, {}, { cookie });
}

function answer(cookie: string, mutation: 'acceptInvitation' | 'declineInvitation', organization = 'acme') {
  return api.query(
    `mutation ($organization: String!) { ${mutation}(organization: $organization) { organization role } }`,
    { organization },
    { cookie },
  );
}

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
  it('invites a new person, whose initial password is mailed only to them, and who has no access until they accept', async () => {
    const response = await createMember(admin, { email: 'New.Person@acme.test', name: 'New Person', role: 'AUDITOR' });
    expect(response.errors).toBeUndefined();
    const created = response.data?.createOrganizationUser;
    expect(created?.member).toMatchObject({ email: 'new.person@acme.test', name: 'New Person', role: 'AUDITOR', status: 'INVITED' });
    const initialPassword = await mailedInitialPassword('new.person@acme.test');
    expect(initialPassword.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(response)).not.toContain(initialPassword);
    const cookie = await signIn(api, 'new.person@acme.test', initialPassword);
    expect((await me(cookie)).data?.me).toEqual({
      memberships: [],
      pendingInvitations: [{ organization: 'acme', organizationName: 'ACME', role: 'AUDITOR' }],
    });
    const auditTrail = '{ auditEvents(organization: "acme", first: 1) { pageInfo { hasNextPage } } }';
    expect(codeOf(await api.query(auditTrail, {}, { cookie }))).toBe('FORBIDDEN');
    const added = (await pendingActions('member.added')).find((row) => row.target_id === created?.member.id);
    expect(added).toMatchObject({ actor_label: 'admin@acme.test', metadata: '{"role":"AUDITOR"}' });
    const userCreated = (await pendingActions('user.created')).find((row) => row.target_id === created?.member.id);
    expect(userCreated?.organization_id).toBeNull(); // the site's chain, not the organization's
    expect(JSON.stringify([added, userCreated])).not.toContain(initialPassword);
  });

  it('grants the role once the person accepts, and records the acceptance in the organization trail', async () => {
    const { data } = await createMember(admin, { email: 'joiner@acme.test', name: 'Typed Joiner', role: 'AUDITOR' });
    const cookie = await signIn(api, 'joiner@acme.test', await mailedInitialPassword('joiner@acme.test'));
    const accepted = await answer(cookie, 'acceptInvitation');
    expect(accepted).toMatchObject({ data: { acceptInvitation: { organization: 'acme', role: 'AUDITOR' } } });
    expect((await me(cookie)).data?.me).toEqual({ memberships: [{ organization: 'acme', role: 'AUDITOR' }], pendingInvitations: [] });
    const auditTrail = '{ auditEvents(organization: "acme", first: 1) { pageInfo { hasNextPage } } }';
    expect((await api.query(auditTrail, {}, { cookie })).errors).toBeUndefined();
    const events = await pendingActions('member.invitation_accepted');
    expect(events.find((event) => event.target_id === data?.createOrganizationUser.member.id)).toMatchObject({
      organization_id: await orgId('acme'),
      actor_label: 'joiner@acme.test',
      metadata: '{"role":"AUDITOR"}',
    });
    // Accepted, the member shows as themselves; accepting twice finds nothing to accept.
    const listed = (await members(admin)).data?.organizationMembers.find((member) => member.email === 'joiner@acme.test');
    expect(listed).toMatchObject({ name: 'Typed Joiner', status: 'ACTIVE', disabled: false });
    expect((await answer(cookie, 'acceptInvitation')).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'organization' });
  });

  it('removes the invitation when the person declines it, and records that in the organization trail', async () => {
    await createStaff(database, 'decliner@globex.test', { organization: 'globex', role: 'VIEWER' });
    await createMember(admin, { email: 'decliner@globex.test', name: 'Decliner', role: 'ADMIN' });
    const cookie = await signIn(api, 'decliner@globex.test');
    expect((await answer(cookie, 'declineInvitation')).data).toEqual({ declineInvitation: { organization: 'acme', role: 'ADMIN' } });
    expect((await me(cookie)).data?.me).toEqual({ memberships: [{ organization: 'globex', role: 'VIEWER' }], pendingInvitations: [] });
    expect((await members(admin)).data?.organizationMembers.map((member) => member.email)).not.toContain('decliner@globex.test');
    expect((await pendingActions('member.invitation_declined')).map((event) => event.actor_label)).toEqual(['decliner@globex.test']);
    expect(codeOf(await answer(cookie, 'acceptInvitation'))).toBe('NOT_FOUND');
    // A malformed or unknown organization is the client's mistake, never a server error.
    for (const organization of ['no-such-org', 'a\u0000b', 'x'.repeat(5000)]) {
      expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(codeOf(await answer(cookie, 'acceptInvitation', organization)));
    }
  });

  it("answers inviting another organization's admin byte for byte as inviting a new person, and tells that person by mail", async () => {
    // The same address, typed name and role, once where it has an account in
    // another organization (enrolled in two-step sign-in, disabled by the site)
    // and once where it is new: everything the admin is told but the random id.
    const email = 'Second.Admin@globex.test';
    const typed = { email, name: 'Typed Name', role: 'VIEWER' };
    const secondAdmin = await createStaff(database, 'second.admin@globex.test', { organization: 'globex', role: 'ADMIN' });
    await database.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', secondAdmin).execute();
    await database.db
      .insertInto('user_second_factor')
      .values({ user_id: secondAdmin, secret_ciphertext: 'v1.aa.bb.cc', created_at: new Date(), confirmed_at: new Date() })
      .execute();
    const existing = await invite(admin, api, typed);

    const fresh = await createTestDatabase();
    try {
      await createOrganization(fresh.db, 'acme');
      const freshApi = createTestApi(fresh, '2026-11-22T12:00:00.000Z');
      await createStaff(fresh, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
      const newPerson = await invite(await signIn(freshApi, 'admin@acme.test'), freshApi, typed);
      expect(JSON.stringify({ data: existing.data, errors: existing.errors })).toBe(
        JSON.stringify({ data: newPerson.data, errors: newPerson.errors }),
      );
    } finally {
      await fresh.drop();
    }
    expect(existing.data).toEqual({
      createOrganizationUser: {
        __typename: 'CreatedOrganizationUser',
        member: {
          __typename: 'OrganizationMember',
          email: 'second.admin@globex.test',
          name: 'Typed Name',
          role: 'VIEWER',
          status: 'INVITED',
          invited: true,
          disabled: false,
          secondFactorEnabled: false,
          memberSince: '2026-11-22T12:00:00.000Z',
        },
      },
    });
    // The existing account keeps its password and is told of the invitation.
    expect(await outboxMail(api, 'second.admin@globex.test', 'STAFF_ACCOUNT')).toEqual([]);
    const told = await outboxMail(api, 'second.admin@globex.test', 'STAFF_MEMBERSHIP');
    expect(told.map((mail) => mail.subject)).toEqual(['ACME: you were invited to its staff']);
  });

  it('lists pending members with the name the admin typed, whether or not they had an account', async () => {
    await createStaff(database, 'listed@globex.test', { organization: 'globex', role: 'VIEWER' });
    await createMember(admin, { email: 'listed@globex.test', name: 'Typed Existing', role: 'VIEWER' });
    await createMember(admin, { email: 'listed@new.test', name: 'Typed New', role: 'VIEWER' });
    const list = await api.query<{ organizationMembers: unknown[] }>(
      `{ organizationMembers(organization: "acme") { ${ANSWER_FIELDS} } }`,
      {},
      { cookie: admin },
    );
    const listed = list.data?.organizationMembers.filter((member) => String((member as { email: string }).email).startsWith('listed@'));
    expect(listed).toEqual([
      {
        email: 'listed@globex.test',
        name: 'Typed Existing',
        role: 'VIEWER',
        status: 'INVITED',
        invited: true,
        disabled: false,
        secondFactorEnabled: false,
        memberSince: '2026-11-22T12:00:00.000Z',
      },
      {
        email: 'listed@new.test',
        name: 'Typed New',
        role: 'VIEWER',
        status: 'INVITED',
        invited: true,
        disabled: false,
        secondFactorEnabled: false,
        memberSince: '2026-11-22T12:00:00.000Z',
      },
    ]);
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
  it("ends the access of a member with no other organization: sessions, sign-in's use, and the role here", async () => {
    const { data } = await createMember(admin, { email: 'leaver@acme.test', name: 'Leaver', role: 'PRIVACY_OFFICER' });
    const created = data?.createOrganizationUser;
    const initialPassword = await mailedInitialPassword('leaver@acme.test');
    const leaver = await signIn(api, 'leaver@acme.test', initialPassword);
    await answer(leaver, 'acceptInvitation');
    const response = await disable(admin, created?.member.id ?? '');
    expect(response.data?.disableMember).toMatchObject({ status: 'DISABLED', disabled: true });
    expect((await api.query<{ me: unknown }>('{ me { user { id } } }', {}, { cookie: leaver })).data?.me).toBeNull();
    const again = await signIn(api, 'leaver@acme.test', initialPassword);
    expect((await me(again)).data?.me).toEqual({ memberships: [], pendingInvitations: [] });
    const events = await pendingActions('member.disabled');
    expect(events.find((event) => event.target_id === created?.member.id)?.metadata).toBe(
      '{"invitationWithdrawn":false,"role":"PRIVACY_OFFICER","tokensRevoked":0}',
    );
  });

  it('answers disabling a member who works for another organization like any disable, and leaves their other work alone', async () => {
    const both = await createStaff(database, 'both@globex.test', { organization: 'globex', role: 'VIEWER' });
    const bothCookie = await signIn(api, 'both@globex.test');
    await createMember(admin, { email: 'both@globex.test', name: 'Both', role: 'VIEWER' });
    await answer(bothCookie, 'acceptInvitation');
    const only = await createStaff(database, 'only@acme.test', { organization: 'acme', role: 'VIEWER' });

    const shape = (response: GraphQLResponse<{ disableMember: Member }>) => {
      const { id: _id, email: _email, name: _name, ...rest } = response.data?.disableMember ?? ({} as Member);
      return JSON.stringify({ rest, errors: response.errors });
    };
    const disabledBoth = await disable(admin, both);
    expect(shape(disabledBoth)).toBe(shape(await disable(admin, only)));
    expect(disabledBoth.data?.disableMember).toMatchObject({ role: 'VIEWER', status: 'DISABLED', disabled: true });
    // Still signed in, and still at work in the other organization; nothing left here.
    expect((await me(bothCookie)).data?.me.memberships).toEqual([{ organization: 'globex', role: 'VIEWER' }]);
    expect((await members(globexAdmin, 'globex')).errors).toBeUndefined();
    expect(await signIn(api, 'both@globex.test', PASSWORD)).toMatch(/^gp_session=/);
  });

  it("lets an organization's admin disable their own member after another organization invited that person", async () => {
    const shared = await createStaff(database, 'shared@globex.test', { organization: 'globex', role: 'VIEWER' });
    await createMember(admin, { email: 'shared@globex.test', name: 'Shared', role: 'VIEWER' });
    await answer(await signIn(api, 'shared@globex.test'), 'acceptInvitation');
    const response = await disable(globexAdmin, shared, 'globex');
    expect(response.errors).toBeUndefined();
    expect(response.data?.disableMember).toMatchObject({ status: 'DISABLED', disabled: true });
  });

  it('withdraws a pending invitation, answering the same whether or not the person had an account', async () => {
    await createStaff(database, 'withdrawn@globex.test', { organization: 'globex', role: 'VIEWER' });
    const existing = (await createMember(admin, { email: 'withdrawn@globex.test', name: 'W', role: 'VIEWER' })).data;
    const fresh = (await createMember(admin, { email: 'withdrawn@new.test', name: 'W', role: 'VIEWER' })).data;
    const withdraw = async (id: string | undefined) => {
      const { id: _id, email: _email, ...rest } = (await disable(admin, id ?? '')).data?.disableMember ?? ({} as Member);
      return rest;
    };
    const answers = [await withdraw(existing?.createOrganizationUser.member.id), await withdraw(fresh?.createOrganizationUser.member.id)];
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({ name: 'W', role: 'VIEWER', status: 'DISABLED', disabled: true });
    const cookie = await signIn(api, 'withdrawn@globex.test');
    expect((await me(cookie)).data?.me).toEqual({ memberships: [{ organization: 'globex', role: 'VIEWER' }], pendingInvitations: [] });
  });

  it('invites again someone whose invitation was withdrawn or who was disabled, pending until they accept', async () => {
    const invited = (await createMember(admin, { email: 'again@new.test', name: 'Again', role: 'VIEWER' })).data;
    await disable(admin, invited?.createOrganizationUser.member.id ?? '');
    const reinvited = await createMember(admin, { email: 'again@new.test', name: 'Again, later', role: 'AUDITOR' });
    expect(reinvited.errors).toBeUndefined();
    expect(reinvited.data?.createOrganizationUser.member).toMatchObject({ name: 'Again, later', role: 'AUDITOR', status: 'INVITED' });

    const viewer = (await members(admin)).data?.organizationMembers.find((member) => member.email === 'viewer@acme.test');
    await disable(admin, viewer?.id ?? '');
    const back = await createMember(admin, { email: 'viewer@acme.test', name: 'Viewer', role: 'VIEWER' });
    expect(back.data?.createOrganizationUser.member).toMatchObject({ status: 'INVITED', disabled: false });
    const cookie = await signIn(api, 'viewer@acme.test');
    expect((await me(cookie)).data?.me.memberships).toEqual([]);
  });

  it('refuses to disable yourself', async () => {
    expect((await disable(admin, adminId)).errors?.[0]?.extensions).toMatchObject({ code: 'CANNOT_DISABLE_SELF', field: 'userId' });
  });

  it('refuses to disable the last admin (a site administrator trying)', async () => {
    await createStaff(database, 'root@site.test', 'site-admin');
    const root = await signIn(api, 'root@site.test');
    expect(codeOf(await disable(root, adminId))).toBe('LAST_ADMIN');
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
