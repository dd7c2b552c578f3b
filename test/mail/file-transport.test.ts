// With no SMTP_URL, each message becomes a readable .eml file under
// DATA_DIR/mail, and the log names it by Message-ID and subject, never the address or the body.

import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemPrincipal } from '@governance/api/auth/principal';
import { deliverDueMail } from '@governance/api/mail/delivery.service';
import { createMailTransport } from '@governance/api/mail/transport';
import { fixedClock } from '@governance/api/shared/clock';
import { createLogger } from '@governance/api/shared/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { enqueueCommitted, sampleMessage } from './fixtures.ts';

const clock = fixedClock('2026-11-22T05:00:00Z');

describe('the file transport (no SMTP_URL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('writes a readable .eml under DATA_DIR/mail and logs one line without the address or the body', async () => {
    // What the transport hands the logger is exactly what reaches the log.
    const logger = createLogger('info');
    const lines: string[] = [];
    vi.spyOn(logger, 'info').mockImplementation((...args: unknown[]) => {
      lines.push(JSON.stringify(args));
    });
    const directory = path.join(await mkdtemp(path.join(tmpdir(), 'mail-file-')), 'mail');
    const transport = createMailTransport({ smtpUrl: undefined, from: 'Governance portal <no-reply@localhost>', directory }, logger);
    const queued = await enqueueCommitted(database.db, sampleMessage(1, { kind: 'RECEIVED' }), clock);
    expect(await deliverDueMail({ db: database.db, transport, clock, logger }, systemPrincipal('test'))).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    transport.close();

    const files = await readdir(directory);
    expect(files).toHaveLength(1);
    const file = path.join(directory, files[0] ?? '');
    expect(file.endsWith('.eml')).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const eml = await readFile(file, 'utf8');
    expect(eml).toContain(`Message-ID: ${queued.messageId}`);
    expect(eml).toContain('From: Governance portal <no-reply@localhost>');
    expect(eml).toContain('To: requester-1@example.com');
    expect(eml).toContain('Subject: Please confirm your request 1');
    expect(eml).toContain('https://portal.example/verify?token=secret-1');

    expect(lines).toHaveLength(1);
    const [fields, message] = JSON.parse(lines[0] ?? '[]');
    expect(message).toMatch(/mail written/);
    expect(fields).toMatchObject({ subject: 'Please confirm your request 1', messageId: queued.messageId });
    expect(lines[0]).not.toContain('requester-1@example.com');
    expect(lines[0]).not.toContain('secret-1');
    expect(lines[0]).not.toContain('verify?token');
  });
});
