// The one way anything is recorded in the audit trail. Callers pass their
// transaction, so the event commits (or rolls back) with the change it
// records; the sealer chains it afterwards.
import type { Database } from '@governance/db';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import * as repository from './audit.repository.ts';
import type { AuditEventInput } from './models.ts';
import { formatAuditTimestamp } from './timestamp.ts';

const ACTION = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

export async function recordAuditEvent(db: Kysely<Database>, event: AuditEventInput): Promise<void> {
  if (!ACTION.test(event.action)) throw new Error(`audit action "${event.action}" is not dotted lower case`);
  await repository.insertPendingEvent(db, {
    organization_id: event.organizationId,
    occurred_at: formatAuditTimestamp(event.occurredAt),
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    actor_label: event.actor.label,
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    request_id: event.request?.requestId ?? null,
    ip: event.request?.ip ?? null,
    user_agent: event.request?.userAgent ?? null,
    metadata: canonicalize(event.metadata ?? {}) ?? '{}',
  });
}
