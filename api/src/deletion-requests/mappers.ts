// Rows of the deletion-request tables to models and back, for the
// repositories alone. The JSON columns are parsed and checked here, once: a
// row that does not hold what the code wrote is a fault, not a request.
import type { DeletionRequestEventRow, DeletionRequestEventTable, DeletionRequestRow, DeletionRequestTable } from '@governance/db';
import type { Insertable, Updateable } from 'kysely';
import { z } from 'zod';
import type { Organization } from '../policies/models.ts';
import type {
  DeletionRequest,
  DeletionRequestChange,
  NewDeletionRequest,
  NewTimelineEntry,
  SignedReceipt,
  StaffRequest,
  StaffRequestRecord,
  TimelineEntry,
} from './models.ts';

/** JSON carries instants as ISO strings. */
const instant = z.string().pipe(z.coerce.date());

const holdsSchema = z.array(z.object({ from: instant, until: instant.nullable(), reason: z.enum(['IDENTITY_PROOF', 'OTHER']) }));
const extensionSchema = z.object({ at: instant, amount: z.number(), reason: z.string() }).nullable();
const completionSchema = z.object({ summary: z.string(), systems: z.array(z.string()) }).nullable();
const signedReceiptSchema = z
  .object({
    receipt: z.record(z.string(), z.unknown()),
    signature: z.object({ algorithm: z.literal('Ed25519'), publicKeyId: z.string(), value: z.string() }),
  })
  .nullable();

function parsed<T>(schema: z.ZodType<T>, value: unknown, column: string, id: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`deletion_request ${id}: the ${column} column does not hold what the code writes`);
  return result.data;
}

export function toDeletionRequest(row: DeletionRequestRow): DeletionRequest {
  // Checked, then kept as stored: a signed document is handed on exactly as it was signed.
  parsed(signedReceiptSchema, row.receipt, 'receipt', row.id);
  return {
    id: row.id,
    organizationId: row.organization_id,
    reference: row.reference,
    inputHash: row.input_hash,
    email: row.email,
    name: row.name,
    accountIdentifier: row.account_identifier,
    details: row.details,
    jurisdiction: row.jurisdiction,
    kinds: row.kinds,
    status: row.status,
    statusBeforeHold: row.status_before_hold,
    duplicateOf: row.duplicate_of,
    receivedAt: row.received_at,
    verifiedAt: row.verified_at,
    version: row.version,
    dueAt: row.due_at,
    assigneeId: row.assignee_id,
    holds: parsed(holdsSchema, row.holds, 'holds', row.id),
    extension: parsed(extensionSchema, row.extension, 'extension', row.id),
    closedAt: row.closed_at,
    rejectionCategory: row.rejection_category,
    outcomeReason: row.outcome_reason,
    completion: parsed(completionSchema, row.completion, 'completion', row.id),
    receipt: row.receipt as SignedReceipt | null,
    personalDataErasedAt: row.personal_data_erased_at,
  };
}

/** The staff view's row: the request and the names its screen shows. */
export interface StaffRequestRow extends DeletionRequestRow {
  assignee_name: string | null;
  duplicate_reference: string | null;
}

export function toStaffRequestRecord(row: StaffRequestRow): StaffRequestRecord {
  return {
    ...toDeletionRequest(row),
    assignee: row.assignee_id && row.assignee_name ? { id: row.assignee_id, name: row.assignee_name } : null,
    duplicate: row.duplicate_of && row.duplicate_reference ? { id: row.duplicate_of, reference: row.duplicate_reference } : null,
  };
}

/** The staff request with its organization's attributes, as the policies domain's Organization holds them. */
export function withOrganization(
  record: StaffRequestRecord,
  organization: Pick<Organization, 'slug' | 'deletionRequestDays'>,
): StaffRequest {
  return { ...record, organizationSlug: organization.slug, otherDays: organization.deletionRequestDays };
}

export function newRequestValues(request: NewDeletionRequest): Insertable<DeletionRequestTable> {
  return {
    organization_id: request.organizationId,
    reference: request.reference,
    idempotency_key: request.idempotencyKey,
    input_hash: request.inputHash,
    email: request.email,
    name: request.name,
    account_identifier: request.accountIdentifier,
    details: request.details,
    email_hash: request.emailHash,
    jurisdiction: request.jurisdiction,
    kinds: request.kinds,
    duplicate_of: request.duplicateOf,
    verification_token_hash: request.verificationTokenHash,
    status_token_hash: request.statusTokenHash,
    received_at: request.receivedAt,
    due_at: request.dueAt,
  };
}

const json = (value: unknown) => JSON.stringify(value);

/** The columns a change sets; fields it leaves out stay as they are. */
export function changeValues(change: DeletionRequestChange): Updateable<DeletionRequestTable> {
  const values: Updateable<DeletionRequestTable> = {};
  if (change.status !== undefined) values.status = change.status;
  if (change.statusBeforeHold !== undefined) values.status_before_hold = change.statusBeforeHold;
  if (change.verifiedAt !== undefined) values.verified_at = change.verifiedAt;
  if (change.dueAt !== undefined) values.due_at = change.dueAt;
  if (change.assigneeId !== undefined) values.assignee_id = change.assigneeId;
  if (change.holds !== undefined)
    values.holds = json(
      change.holds.map((hold) => ({ from: hold.from.toISOString(), until: hold.until?.toISOString() ?? null, reason: hold.reason })),
    );
  if (change.extension !== undefined)
    values.extension = change.extension && json({ ...change.extension, at: change.extension.at.toISOString() });
  if (change.closedAt !== undefined) values.closed_at = change.closedAt;
  if (change.rejectionCategory !== undefined) values.rejection_category = change.rejectionCategory;
  if (change.outcomeReason !== undefined) values.outcome_reason = change.outcomeReason;
  if (change.completion !== undefined) values.completion = change.completion && json(change.completion);
  if (change.receipt !== undefined) values.receipt = change.receipt && json(change.receipt);
  return values;
}

const textAt = (details: Record<string, unknown>, key: string) => {
  const value = details[key];
  return typeof value === 'string' ? value : null;
};

export function toTimelineEntry(row: DeletionRequestEventRow): TimelineEntry {
  const details = row.details;
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    kind: row.kind,
    actor: row.actor_label,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    public: row.public,
    note: textAt(details, 'text'),
    reason: textAt(details, 'reason'),
    message: textAt(details, 'message'),
    extension: row.kind === 'EXTENDED' ? { amount: Number(details.amount), unit: textAt(details, 'unit') ?? '' } : null,
    assigneeName: row.kind === 'ASSIGNED' ? textAt(details, 'assigneeName') : null,
  };
}

export function newTimelineValues(entry: NewTimelineEntry): Insertable<DeletionRequestEventTable> {
  return {
    request_id: entry.requestId,
    organization_id: entry.organizationId,
    occurred_at: entry.occurredAt,
    kind: entry.kind,
    actor_user_id: entry.actor.userId,
    actor_label: entry.actor.label,
    from_status: entry.fromStatus,
    to_status: entry.toStatus,
    public: entry.public,
    details: json(entry.details ?? {}),
  };
}
