// Whatever a caller hands the audit writer, the trail keeps bounded labels and user agents.
import { MAX_LABEL_LENGTH, MAX_USER_AGENT_LENGTH, recordAuditEvent } from '@governance/api/audit/audit.service';
import { fixedClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const clock = fixedClock('2026-11-22T04:00:00Z');

describe('the audit writer', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('cuts actor labels and user agents, so no request can grow the append-only trail at will', async () => {
    await recordAuditEvent(database.db, {
      organizationId: null,
      actor: { type: 'ANONYMOUS', id: null, label: 'x'.repeat(1024 * 1024) },
      action: 'auth.login_failed',
      request: { requestId: null, ip: null, userAgent: 'u'.repeat(100_000) },
      occurredAt: clock.now(),
    });
    const row = await database.db.selectFrom('audit_event_pending').select(['actor_label', 'user_agent']).executeTakeFirstOrThrow();
    expect(row.actor_label).toBe('x'.repeat(MAX_LABEL_LENGTH));
    expect(row.user_agent).toBe('u'.repeat(MAX_USER_AGENT_LENGTH));
    expect(MAX_LABEL_LENGTH).toBe(254);
  });

  it('never keeps half of a character where it cuts', async () => {
    await recordAuditEvent(database.db, {
      organizationId: null,
      actor: { type: 'ANONYMOUS', id: null, label: `${'x'.repeat(MAX_LABEL_LENGTH - 1)}😀 and more` },
      action: 'auth.login_failed',
      occurredAt: clock.now(),
    });
    const rows = await database.db.selectFrom('audit_event_pending').select('actor_label').orderBy('id', 'desc').execute();
    expect(rows[0]?.actor_label).toBe('x'.repeat(MAX_LABEL_LENGTH - 1));
  });
});
