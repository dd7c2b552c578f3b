// Organizations and events for the audit tests, written the way the product
// writes them: through recordAuditEvent, each in its own transaction.

import type { AuditAction } from '@governance/api/audit/actions';
import { recordAuditEvent } from '@governance/api/audit/audit.service';
import type { AuditEventInput } from '@governance/api/audit/models';
import type { Db } from '@governance/db';

export { createOrganization } from '../helpers/staff.ts';

/** Seeded, so a failing case can be replayed: mulberry32. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names as stored: some from before a rename, one no registry lists; the chain hashes whatever was recorded. */
const ACTIONS = [
  'policy.version.published',
  'policy.created',
  'auth.login.failed',
  'auth.login.succeeded',
  'retention.setting.changed',
] as AuditAction[];
const LABELS = ['ana@example.com', 'Zoë Ångström', 'ci token', '日本語', 'emoji 🔏', null];

/** A varied event: unicode, nulls, nested metadata, numbers that JSON writes in more than one way. */
export function sampleEvent(organizationId: string | null, index: number, at: Date, random: () => number = Math.random): AuditEventInput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hasTarget = random() < 0.8;
  return {
    organizationId,
    actor:
      random() < 0.2
        ? { type: 'SYSTEM', id: null, label: 'system' }
        : { type: pick(['USER', 'API_TOKEN', 'ANONYMOUS'] as const), id: `actor-${index % 7}`, label: pick(LABELS) },
    action: pick(ACTIONS),
    target: hasTarget ? { type: pick(['Policy', 'PolicyVersion', 'User']), id: `target-${index % 11}` } : null,
    request: random() < 0.7 ? { requestId: `req-${index}`, ip: random() < 0.5 ? '203.0.113.7' : '2001:db8::1', userAgent: 'curl/8' } : null,
    metadata: { index, ratio: index / 7, big: 1e21 + index, nested: { b: [1, 'two', null, true], a: 'ü' }, quote: 'he said "hi"\n' },
    occurredAt: new Date(at.getTime() + index),
  };
}

/** Records each event in its own transaction, `writers` at a time. */
export async function recordConcurrently(db: Db, events: AuditEventInput[], writers: number): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < events.length) {
      const event = events[next++] as AuditEventInput;
      await db.transaction().execute((trx) => recordAuditEvent(trx, event));
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
}
