// Staff users, sessions and API tokens for tests, made through the product's own use cases.

import { createUser } from '@governance/api/auth/auth.service';
import { createPasswordHasher, type PasswordHasher, TESTS_ONLY_COST } from '@governance/api/auth/passwords';
import { systemPrincipal } from '@governance/api/auth/principal';
import { organizationBySlug } from '@governance/api/policies/policies.service';
import { systemClock } from '@governance/api/shared/clock';
import type { Db } from '@governance/db';
import type { OrganizationRole } from '@governance/policies/vocabulary/access';
import type { TestApi } from './api.ts';
import type { TestDatabase } from './database.ts';

export const PASSWORD = 'correct horse battery staple';

/** Hashes as cheaply as the test API (test/helpers/api.ts) does. */
export const TEST_PASSWORDS = createPasswordHasher(TESTS_ONLY_COST);

export async function createOrganization(db: Db, slug: string, name = slug.toUpperCase()): Promise<string> {
  const row = await db
    .insertInto('organization')
    .values({ slug, name, website: null, contacts: '[]', notice_period_days: 30 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An existing organization's id and slug, as its owner (the policies domain) finds it. */
export async function organizationNamed(db: Db, slug: string): Promise<{ id: string; slug: string }> {
  const organization = await organizationBySlug({ db }, slug);
  if (!organization) throw new Error(`no organization ${slug}`);
  return organization;
}

export async function createStaff(
  database: TestDatabase,
  email: string,
  access: { organization: string; role: OrganizationRole } | 'site-admin',
  passwords: PasswordHasher = TEST_PASSWORDS,
): Promise<string> {
  const user = await createUser({ db: database.db, clock: systemClock, passwords }, systemPrincipal('test'), {
    email,
    name: email.split('@')[0] ?? email,
    password: PASSWORD,
    ...(access === 'site-admin' ? { siteAdmin: true } : { membership: { organizationSlug: access.organization, role: access.role } }),
  });
  return user.id;
}

/** Signs in through the API and returns the Cookie header to send afterwards. */
export async function signIn(api: TestApi, email: string, password = PASSWORD): Promise<string> {
  const response = await api.query('mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }', {
    email,
    password,
  });
  if (response.errors) throw new Error(`sign-in of ${email} failed: ${response.errors[0]?.message}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
}

/** Creates an API token as the signed-in admin and returns its secret. */
export async function createToken(
  api: TestApi,
  adminCookie: string,
  organization: string,
  scopes: string[],
  expiresAt?: string,
): Promise<string> {
  const response = await api.query<{ createApiToken: { secret: string } }>(
    'mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }',
    { input: { organization, name: `token for ${scopes.join(' ')}`, scopes, ...(expiresAt ? { expiresAt } : {}) } },
    { cookie: adminCookie },
  );
  if (!response.data) throw new Error(`token creation failed: ${response.errors?.[0]?.message}`);
  return response.data.createApiToken.secret;
}
