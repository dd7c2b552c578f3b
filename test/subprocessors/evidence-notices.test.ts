// The evidence of a subprocessor change counts the notices the change sent:
// one per confirmed subscriber of subprocessor changes, each with the
// delivery of its message, subscribers as hashes salted anew per record.
import type { SignedEvidence } from '@governance/api/subprocessors/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { acmeSeed, announceChanges, subscribe, subscriber, sync } from '../subscriptions/fixtures.ts';

const EXPORT = `mutation {
  exportSubprocessorChangeEvidence(organization: "acme", version: "1.1") {
    ... on MutationExportSubprocessorChangeEvidenceSuccess { data { json } }
    ... on InputError { code }
  }
}`;

type Evidence = SignedEvidence['evidence'] & {
  notices: {
    notified: number;
    delivered: number;
    failed: number;
    pending: number;
    messages: { subscriber: string; delivery: string; at: string | null }[];
  };
};

describe('evidence of a subprocessor change and its notices', () => {
  let database: TestDatabase;
  let exportEvidence: () => Promise<Evidence>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const root = await acmeSeed();
    await sync(database.db, root);
    const api = createTestApi(database, '2026-11-20T10:00:00Z');
    for (const email of ['delivered@example.com', 'failed@example.com', 'pending@example.com']) {
      await subscriber(api, database.owner, email, ['SUBPROCESSORS']);
    }
    await subscriber(api, database.owner, 'policies-only@example.com', ['POLICIES']);
    await subscribe(api, 'never-confirmed@example.com', ['SUBPROCESSORS']);
    await announceChanges(root);
    await sync(database.db, root);
    const notice = (email: string) =>
      database.owner.updateTable('mail_outbox').where('recipient', '=', email).where('kind', '=', 'CHANGE_NOTICE');
    await notice('delivered@example.com')
      .set({ delivered_at: new Date('2026-12-01T09:05:00Z') })
      .execute();
    await notice('failed@example.com')
      .set({ failed_at: new Date('2026-12-02T09:00:00Z') })
      .execute();
    await createStaff(database, 'admin@acme.test', { organization: 'acme', role: 'ADMIN' });
    const staffApi = createTestApi(database, '2026-12-10T12:00:00Z');
    const admin = await signIn(staffApi, 'admin@acme.test');
    exportEvidence = async () => {
      const response = await staffApi.query<{ exportSubprocessorChangeEvidence: { data?: { json: string } } }>(
        EXPORT,
        {},
        { cookie: admin },
      );
      return (JSON.parse(response.data?.exportSubprocessorChangeEvidence.data?.json ?? '{}') as SignedEvidence).evidence as Evidence;
    };
  });
  afterAll(() => database.drop());

  it('counts exactly the notices sent to confirmed subscribers, with when each was delivered or failed', async () => {
    const { notices } = await exportEvidence();
    expect({ ...notices, messages: undefined }).toEqual({ notified: 3, delivered: 1, failed: 1, pending: 1, messages: undefined });
    const sentNotices = await database.owner
      .selectFrom('change_notice')
      .select('recipient_hash')
      .where('topic', '=', 'SUBPROCESSORS')
      .execute();
    expect(notices.messages).toHaveLength(sentNotices.length);
    expect(notices.messages.map((message) => [message.delivery, message.at]).sort()).toEqual([
      ['DELIVERED', '2026-12-01T09:05:00.000Z'],
      ['FAILED', '2026-12-02T09:00:00.000Z'],
      ['PENDING', null],
    ]);
  });

  it('names subscribers only by hashes salted anew for each record, so two records never link a subscriber', async () => {
    const first = await exportEvidence();
    const second = await exportEvidence();
    const stored = new Set(
      (await database.owner.selectFrom('change_notice').select('recipient_hash').execute()).map((row) => row.recipient_hash),
    );
    const hashes = (evidence: Evidence) => evidence.notices.messages.map((message) => message.subscriber);
    expect(new Set(hashes(first)).size).toBe(3);
    expect(hashes(first).some((hash) => stored.has(hash))).toBe(false);
    expect(hashes(first).some((hash) => hashes(second).includes(hash))).toBe(false);
    expect(JSON.stringify(first)).not.toMatch(/@example\.com/);
  });
});
