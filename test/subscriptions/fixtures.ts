// An organization with a policy and a subprocessor list, subscribers made
// through the API, and what the outbox holds for them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { fixedClock } from '@governance/api/shared/clock';
import type { Db } from '@governance/db';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, readLock, writeLock } from '@governance/policies/lock';
import { expect } from 'vitest';
import { TEST_PUBLIC_URL, type TestApi } from '../helpers/api.ts';
import { emptyPolicies, writeOrganization, writeVersion } from '../helpers/policy-files.ts';

export const ORG = 'acme';

export function listYaml(version: string, announced: string, effective: string, names: string[]): string {
  const entries = names
    .map(
      (name) =>
        `  - name: ${name}\n    purpose: Hosts the service.\n    dataCategories: [Account data]\n    locations: [DE]\n    role: subprocessor\n`,
    )
    .join('');
  return `version: "${version}"\nannounced: ${announced}\neffective: ${effective}\nsummary: Adds ${names.at(-1)}\nentries:\n${entries}`;
}

/** Acme's seed: Terms 1.0, a Privacy notice 1.0, and a subprocessor list 1.0. */
export async function acmeSeed(): Promise<string> {
  const root = await emptyPolicies();
  await writeOrganization(
    root,
    ORG,
    'name: Acme\nnoticePeriodDays: 30\ncontacts:\n  - purpose: Privacy\n    email: privacy@acme.example\n',
  );
  await writeVersion(root, ORG, 'terms', { title: 'Terms of Service', version: '1.0', effective: '2026-01-01', summary: 'First version' });
  await writeVersion(root, ORG, 'privacy', { title: 'Privacy Notice', version: '1.0', effective: '2026-01-01', summary: 'First version' });
  await writeList(root, listYaml('1.0', '2026-01-01', '2026-01-01', ['Example Hosting']));
  return root;
}

export async function writeList(root: string, yaml: string): Promise<void> {
  const version = /version: "([^"]+)"/.exec(yaml)?.[1] ?? '1.0';
  await mkdir(path.join(root, ORG, 'subprocessors'), { recursive: true });
  await writeFile(path.join(root, ORG, 'subprocessors', `${version}.yaml`), yaml);
}

/** Announces a material Terms 1.1 and a subprocessor list 1.1, each with 30 days' notice. */
export async function announceChanges(root: string): Promise<void> {
  await writeVersion(root, ORG, 'terms', {
    title: 'Terms of Service',
    version: '1.1',
    published: '2026-12-01',
    effective: '2027-01-15',
    summary: 'Liability is capped at the fees of twelve months',
    material: true,
  });
  await writeList(root, listYaml('1.1', '2026-12-01', '2027-01-01', ['Example Hosting', 'Example Mail']));
}

/** Locks every version written so far (as `pnpm policies:lock` would), then syncs. */
export async function sync(db: Db, root: string, now = '2026-12-01T09:00:00Z') {
  const lock = await readLock(root);
  if (!lock.ok) throw new Error(lock.problem.message);
  await writeLock(root, extendLock(lock.lock, await checkPolicies(root)).lock);
  const checked = await checkPolicies(root);
  expect(checked.problems).toEqual([]);
  return syncPolicies(db, checked, fixedClock(now), { publicUrl: TEST_PUBLIC_URL });
}

export async function subscribe(api: TestApi, email: string, topics: string[]) {
  const response = await api.query<{
    subscribeToChanges: { __typename: string; data?: { confirmationSent: boolean }; code?: string; field?: string };
  }>(
    `mutation($input: SubscribeToChangesInput!) {
      subscribeToChanges(input: $input) { __typename ... on MutationSubscribeToChangesSuccess { data { confirmationSent } } ... on InputError { code message field } }
    }`,
    { input: { organization: ORG, email, topics } },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.subscribeToChanges;
}

export interface OutboxMail {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string | null;
  list_unsubscribe_url: string | null;
}

export async function mailTo(owner: Db, email: string, kind?: string): Promise<OutboxMail[]> {
  let query = owner
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'recipient', 'subject', 'body_text', 'list_unsubscribe_url'])
    .where('recipient', '=', email);
  if (kind) query = query.where('kind', '=', kind as never);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** The token of the newest link to `page` (confirm or unsubscribe) in the newest mail of `kind` to `email`. */
export async function tokenFrom(owner: Db, email: string, page: 'confirm' | 'unsubscribe', kind = 'SUBSCRIPTION_CONFIRMATION') {
  const mails = await mailTo(owner, email, kind);
  const text = mails.at(-1)?.body_text ?? '';
  const match = new RegExp(`/changes/${page}/\\?token=([\\w-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${page} link in the ${kind} mail to ${email}`);
  return match[1];
}

export async function confirm(api: TestApi, token: string) {
  const response = await api.query<{ confirmSubscription: { __typename: string; data?: { topics: string[] }; code?: string } }>(
    `mutation($token: String!) {
      confirmSubscription(token: $token) { __typename ... on MutationConfirmSubscriptionSuccess { data { topics } } ... on InputError { code } }
    }`,
    { token },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.confirmSubscription;
}

export async function unsubscribe(api: TestApi, token: string) {
  const response = await api.query<{ unsubscribeFromChanges: { __typename: string; code?: string } }>(
    `mutation($token: String!) {
      unsubscribeFromChanges(token: $token) { __typename ... on InputError { code } }
    }`,
    { token },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.unsubscribeFromChanges;
}

/** Subscribes and confirms. */
export async function subscriber(api: TestApi, owner: Db, email: string, topics: string[]): Promise<void> {
  expect(await subscribe(api, email, topics)).toMatchObject({ __typename: 'MutationSubscribeToChangesSuccess' });
  expect(await confirm(api, await tokenFrom(owner, email, 'confirm'))).toMatchObject({ __typename: 'MutationConfirmSubscriptionSuccess' });
}
