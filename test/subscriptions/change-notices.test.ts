// Notices of announced changes: exactly one mail per confirmed subscriber of
// the change's topic, through the outbox, recorded with the message carrying
// it; none for the seed, for unconfirmed, unsubscribed or other-topic
// subscribers, and none when the sync runs again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { writeVersion } from '../helpers/policy-files.ts';
import { acmeSeed, announceChanges, mailTo, ORG, subscribe, subscriber, sync, tokenFrom, unsubscribe } from './fixtures.ts';

describe('notices of announced changes', () => {
  let database: TestDatabase;
  let api: TestApi;
  let root: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    root = await acmeSeed();
    const seed = await sync(database.db, root);
    // The organization's first versions tell nobody (nobody could have subscribed yet, and they announce nothing).
    expect(seed.noticesQueued).toEqual({});
    api = createTestApi(database, '2026-11-20T10:00:00Z');
    await subscriber(api, database.owner, 'both@example.com', ['POLICIES', 'SUBPROCESSORS']);
    await subscriber(api, database.owner, 'policies@example.com', ['POLICIES']);
    await subscriber(api, database.owner, 'subprocessors@example.com', ['SUBPROCESSORS']);
    await subscriber(api, database.owner, 'gone@example.com', ['POLICIES', 'SUBPROCESSORS']);
    await unsubscribe(api, await tokenFrom(database.owner, 'gone@example.com', 'unsubscribe'));
    // Asked, never confirmed.
    await subscribe(api, 'pending@example.com', ['POLICIES', 'SUBPROCESSORS']);
  });
  afterAll(() => database.drop());

  it('sends each confirmed subscriber of a topic exactly one notice of each change, and re-running the sync sends nothing more', async () => {
    await announceChanges(root);
    // A version that is not material announces nothing.
    await writeVersion(root, ORG, 'privacy', { title: 'Privacy Notice', version: '1.1', effective: '2026-12-02', summary: 'Typo fixed' });
    const report = await sync(database.db, root);
    expect(report.noticesQueued).toEqual({ 'acme/terms@1.1': 2, 'acme/subprocessors@1.1': 2 });

    // Notices queued in one transaction share their creation instant: compare them as a set.
    const notices = async (email: string) => (await mailTo(database.owner, email, 'CHANGE_NOTICE')).map((mail) => mail.subject).sort();
    expect(await notices('both@example.com')).toEqual([
      'Acme changes its Terms of Service (version 1.1), from 2027-01-15',
      'Acme changes its list of subprocessors (version 1.1), from 2027-01-01',
    ]);
    expect(await notices('policies@example.com')).toEqual(['Acme changes its Terms of Service (version 1.1), from 2027-01-15']);
    expect(await notices('subprocessors@example.com')).toEqual(['Acme changes its list of subprocessors (version 1.1), from 2027-01-01']);
    expect(await notices('gone@example.com')).toEqual([]);
    expect(await notices('pending@example.com')).toEqual([]);

    const before = await database.owner
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    const again = await sync(database.db, root, '2026-12-02T09:00:00Z');
    expect(again.noticesQueued).toEqual({});
    const after = await database.owner
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
  });

  it('records each notice with the outbox message that carries it and a salted hash of the address, never the address', async () => {
    const rows = await database.owner
      .selectFrom('change_notice')
      .innerJoin('mail_outbox', 'mail_outbox.id', 'change_notice.mail_id')
      .select([
        'change_notice.topic',
        'change_notice.recipient_hash',
        'change_notice.message_id',
        'mail_outbox.message_id as carried',
        'mail_outbox.recipient',
      ])
      .execute();
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.message_id).toBe(row.carried);
      expect(row.recipient_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row.recipient_hash)).not.toContain('@');
    }
  });

  it('tells in the notice what changes, when it takes effect, and where to read the redline', async () => {
    const [terms] = await mailTo(database.owner, 'policies@example.com', 'CHANGE_NOTICE');
    expect(terms?.body_text).toContain('The change takes effect on 2027-01-15.');
    expect(terms?.body_text).toContain('Liability is capped at the fees of twelve months');
    expect(terms?.body_text).toContain('http://portal.test/acme/terms/changes/1.0...1.1/');
    const [list] = await mailTo(database.owner, 'subprocessors@example.com', 'CHANGE_NOTICE');
    expect(list?.body_text).toContain('http://portal.test/acme/subprocessors/1.1/');
    expect(list?.body_text).toContain('Adds Example Mail');
    expect(list?.body_text).toContain('http://portal.test/acme/subprocessors/object/?version=1.1');
  });
});
