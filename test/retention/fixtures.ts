// Rows of the product's own data, written straight into the tables with the
// dates a retention test needs, and settings as stored versions.
import { createHash, randomUUID } from 'node:crypto';
import type { Db, DeletionRequestStatus } from '@governance/db';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const DAY = 86_400_000;

export const ms = (instant: Date, offset: number) => new Date(instant.getTime() + offset);

export async function setSetting(
  db: Db,
  organizationId: string,
  category: string,
  period: string,
  options: { action?: 'DELETE' | 'ANONYMIZE'; public?: boolean; changedAt?: Date; justification?: string } = {},
): Promise<void> {
  const latest = await db
    .selectFrom('retention_setting_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('organization_id', '=', organizationId)
    .where('category', '=', category)
    .executeTakeFirst();
  await db
    .insertInto('retention_setting_version')
    .values({
      organization_id: organizationId,
      category,
      version: Number(latest?.version ?? 0) + 1,
      description: `Data of ${category}`,
      period,
      justification: options.justification ?? (period === 'INDEFINITE' ? 'Kept for the test.' : null),
      trigger: 'test trigger',
      action: options.action ?? (category === 'deletion-request-personal-data' ? 'ANONYMIZE' : 'DELETE'),
      legal_basis: 'Test basis',
      public: options.public ?? true,
      changed_by: null,
      changed_at: options.changedAt ?? new Date('2026-01-01T00:00:00Z'),
      reason: 'test',
    })
    .execute();
}

/** A session that ended at `endedAt` (signed out), or that is still open when null. */
export async function insertSession(db: Db, userId: string, endedAt: Date | null, createdAt = new Date('2025-01-01T00:00:00Z')) {
  const row = await db
    .insertInto('user_session')
    .values({
      user_id: userId,
      token_hash: hex(randomUUID()),
      created_at: createdAt,
      last_seen_at: createdAt,
      idle_expires_at: endedAt ? ms(endedAt, DAY) : new Date('2100-01-01T00:00:00Z'),
      absolute_expires_at: endedAt ? ms(endedAt, 2 * DAY) : new Date('2100-01-01T00:00:00Z'),
      ended_at: endedAt,
      ip: '203.0.113.7',
      user_agent: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A session nobody signed out of, that idled out at `idleExpiresAt`. */
export async function insertIdledSession(db: Db, userId: string, idleExpiresAt: Date) {
  const row = await db
    .insertInto('user_session')
    .values({
      user_id: userId,
      token_hash: hex(randomUUID()),
      created_at: ms(idleExpiresAt, -DAY),
      last_seen_at: ms(idleExpiresAt, -DAY),
      idle_expires_at: idleExpiresAt,
      absolute_expires_at: ms(idleExpiresAt, DAY),
      ended_at: null,
      ip: null,
      user_agent: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertToken(db: Db, organizationId: string, createdBy: string, ended: { revokedAt?: Date; expiresAt?: Date }) {
  const row = await db
    .insertInto('api_token')
    .values({
      organization_id: organizationId,
      name: `token ${randomUUID()}`,
      token_prefix: 'gpt_test',
      token_hash: hex(randomUUID()),
      scopes: ['policies:read'],
      created_by: createdBy,
      created_at: new Date('2024-01-01T00:00:00Z'),
      expires_at: ended.expiresAt ?? null,
      revoked_at: ended.revokedAt ?? null,
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMail(db: Db, organizationId: string | null, finished: { deliveredAt?: Date; failedAt?: Date }) {
  const row = await db
    .insertInto('mail_outbox')
    .values({
      organization_id: organizationId,
      kind: 'RECEIVED',
      recipient: 'someone@example.com',
      subject: 'We received your request',
      body_text: null,
      attachments: null,
      message_id: `<${randomUUID()}@governance-portal.local>`,
      created_at: new Date('2025-01-01T00:00:00Z'),
      next_attempt_at: new Date('2025-01-01T00:00:00Z'),
      last_error: null,
      delivered_at: finished.deliveredAt ?? null,
      failed_at: finished.failedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let references = 0;
/** A deletion request received at `receivedAt`, with personal data, closed at `closedAt` when given. */
export async function insertRequest(
  db: Db,
  organizationId: string,
  fields: { receivedAt: Date; status?: DeletionRequestStatus; closedAt?: Date | null },
) {
  references++;
  const reference = `DR-2026-${String(references).padStart(5, '0').replace(/0/g, 'A')}`;
  const row = await db
    .insertInto('deletion_request')
    .values({
      organization_id: organizationId,
      reference,
      idempotency_key: `retention-${randomUUID()}`,
      input_hash: hex(randomUUID()),
      email: `person${references}@example.com`,
      name: `Person ${references}`,
      account_identifier: `acct-${references}`,
      details: 'Please delete everything about me.',
      email_hash: hex(`person${references}@example.com`),
      jurisdiction: 'GDPR',
      status: fields.status ?? 'UNVERIFIED',
      duplicate_of: null,
      verification_token_hash: hex(randomUUID()),
      status_token_hash: hex(randomUUID()),
      received_at: fields.receivedAt,
      verified_at: null,
      due_at: ms(fields.receivedAt, 30 * DAY),
      closed_at: fields.closedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('deletion_request_event')
    .values({
      request_id: row.id,
      organization_id: organizationId,
      occurred_at: fields.receivedAt,
      kind: 'NOTE',
      actor_user_id: null,
      actor_label: 'Staff Member',
      from_status: null,
      to_status: null,
      public: false,
      details: JSON.stringify({ note: 'Called the requester at +1 555 0100.' }),
    })
    .execute();
  // Free text staff wrote to or about the requester, which may name them too.
  await db
    .insertInto('deletion_request_event')
    .values({
      request_id: row.id,
      organization_id: organizationId,
      occurred_at: fields.receivedAt,
      kind: 'VERIFIED',
      actor_user_id: null,
      actor_label: 'Staff Member',
      from_status: 'UNVERIFIED',
      to_status: 'VERIFIED',
      public: true,
      details: JSON.stringify({ by: 'staff', reason: "Jane Doe's passport checked at the front desk." }),
    })
    .execute();
  await db
    .insertInto('deletion_request_event')
    .values({
      request_id: row.id,
      organization_id: organizationId,
      occurred_at: fields.receivedAt,
      kind: 'HELD',
      actor_user_id: null,
      actor_label: 'Staff Member',
      from_status: 'VERIFIED',
      to_status: 'ON_HOLD',
      public: true,
      details: JSON.stringify({ reason: 'IDENTITY_PROOF', message: 'Jane, please send a copy of your passport.' }),
    })
    .execute();
  return row.id;
}

export async function exists(
  db: Db,
  table: 'user_session' | 'api_token' | 'mail_outbox' | 'change_subscription',
  id: string,
): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The `retention.swept` events waiting for the sealer, as their metadata. */
export async function sweptEvents(db: Db, organizationId: string): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('audit_event_pending')
    .select('metadata')
    .where('organization_id', '=', organizationId)
    .where('action', '=', 'retention.swept')
    .orderBy('id')
    .execute();
  return rows.map((row) => JSON.parse(row.metadata));
}

/** A subscription to an organization's changes: pending since `createdAt`, confirmed, or ended at `unsubscribedAt`. */
export async function insertSubscription(
  db: Db,
  organizationId: string,
  state: { status: 'PENDING' | 'CONFIRMED' | 'UNSUBSCRIBED'; createdAt: Date; unsubscribedAt?: Date },
): Promise<string> {
  const ended = state.status === 'UNSUBSCRIBED';
  const row = await db
    .insertInto('change_subscription')
    .values({
      organization_id: organizationId,
      status: state.status,
      email: ended ? null : `${randomUUID()}@example.com`,
      email_hash: hex(randomUUID()),
      topics: ['POLICIES'],
      confirmation_token_hash: state.status === 'PENDING' ? hex(randomUUID()) : null,
      confirmation_expires_at: state.status === 'PENDING' ? ms(state.createdAt, 7 * DAY) : null,
      created_at: state.createdAt,
      confirmed_at: state.status === 'CONFIRMED' ? state.createdAt : null,
      unsubscribed_at: ended ? (state.unsubscribedAt ?? state.createdAt) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
