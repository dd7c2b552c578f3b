// What privacy staff do with a request. Every action is checked against the
// caller's permission in the request's organization, against the version the
// caller last saw (two staff members never overwrite each other), and against
// the lifecycle; the change, its timeline entry, its audit event and any mail
// to the requester commit together.
import type { Db, DeletionRequestEventKind, DeletionRequestRow, RejectionCategory } from '@governance/db';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { auditActorOf, can, type Principal } from '../auth/principal.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import { organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { acknowledgeVerifiedRequest } from './acknowledgement.ts';
import { checkExtension, type Hold } from './deadline.ts';
import type { DeletionRequestPatch } from './deletion-requests.repository.ts';
import * as repository from './deletion-requests.repository.ts';
import { type Action, isClosed, transition } from './lifecycle.ts';
import { issueReceipt } from './receipt.service.ts';
import { deadlineFactsOf, storedDueAt } from './request-deadline.ts';
import { completedMail, extendedMail, rejectedMail } from './requester-mail.ts';

export interface StaffActor {
  principal: Principal;
  request: AuditRequest;
}

export type StaffCommand =
  | { action: 'VERIFY'; reason: string }
  | { action: 'ASSIGN'; assigneeId: string | null }
  | { action: 'START' }
  | { action: 'HOLD'; reason: Hold['reason']; message: string }
  | { action: 'RESUME' }
  | { action: 'EXTEND'; amount: number; reason: string }
  | { action: 'COMPLETE'; summary: string; systems: string[] }
  | { action: 'REJECT'; category: RejectionCategory; reason: string }
  | { action: 'CANCEL'; reason: string };

/** What one command changes, and what the timeline and the trail say of it. */
interface Outcome {
  patch: DeletionRequestPatch;
  event: { kind: DeletionRequestEventKind; public: boolean; details: Record<string, unknown> };
  /** Facts for the audit event: never personal data or free text. */
  audit: Record<string, unknown>;
  /** After the update, in the same transaction: mail and receipts. */
  after?: (trx: Db, updated: DeletionRequestRow) => Promise<void>;
}

const LIFECYCLE_ACTION: Partial<Record<StaffCommand['action'], Action>> = {
  VERIFY: 'VERIFY',
  START: 'START',
  HOLD: 'HOLD',
  RESUME: 'RESUME',
  COMPLETE: 'COMPLETE',
  REJECT: 'REJECT',
  CANCEL: 'CANCEL',
};

const EVENT_KIND: Record<StaffCommand['action'], DeletionRequestEventKind> = {
  VERIFY: 'VERIFIED',
  ASSIGN: 'ASSIGNED',
  START: 'STARTED',
  HOLD: 'HELD',
  RESUME: 'RESUMED',
  EXTEND: 'EXTENDED',
  COMPLETE: 'COMPLETED',
  REJECT: 'REJECTED',
  CANCEL: 'CANCELLED',
};

const MAX_TEXT = 5000;

function requiredText(value: string, field: string, what: string): string {
  const text = value.trim();
  if (text === '') throw new DomainError('BAD_USER_INPUT', `${what} is required.`, { field });
  if (text.length > MAX_TEXT) throw new DomainError('BAD_USER_INPUT', `${what} must have at most 5,000 characters.`, { field });
  return text;
}

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'There is no such deletion request.', { field: 'id' });

/** Loads the request for a change by `actor`: hidden unless readable, refused unless writable. */
async function lockForStaff(trx: Db, actor: StaffActor, id: string) {
  const request = await repository.findForUpdate(trx, id);
  if (!request || !can(actor.principal, request.organization_id, 'deletion-requests:read')) throw NOT_FOUND();
  if (!can(actor.principal, request.organization_id, 'deletion-requests:write')) {
    throw new DomainError('FORBIDDEN', 'You may read this request but not change it.');
  }
  // What its organization says about deadlines and mail.
  return { request, organization: await organizationWithId({ db: trx }, request.organization_id) };
}

const actorLabel = (principal: Principal) =>
  principal.kind === 'user' ? principal.name : principal.kind === 'token' ? principal.name : 'anonymous';
const actorUserId = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null);

export async function applyStaffAction(
  deps: Pick<UseCaseContext, 'db' | 'clock' | 'signingKey' | 'publicUrl'>,
  actor: StaffActor,
  id: string,
  expectedVersion: number,
  command: StaffCommand,
): Promise<DeletionRequestRow> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request, organization } = await lockForStaff(trx, actor, id);
    if (request.version !== expectedVersion) {
      throw new DomainError(
        'VERSION_CONFLICT',
        `Someone changed this request after you loaded it (you had version ${expectedVersion}, it is now ${request.version}); reload it and try again.`,
        { field: 'version' },
      );
    }
    const outcome = await outcomeOf(trx, deps, organization, request, command, now);
    const lifecycleAction = LIFECYCLE_ACTION[command.action];
    const next = lifecycleAction
      ? transition({ status: request.status, statusBeforeHold: request.status_before_hold }, lifecycleAction)
      : { status: request.status, statusBeforeHold: request.status_before_hold };
    if (!lifecycleAction && isClosed(request.status)) {
      throw new DomainError('INVALID_TRANSITION', `A request that is ${request.status} is closed and cannot change.`);
    }
    const patch: DeletionRequestPatch = {
      ...outcome.patch,
      status: next.status,
      status_before_hold: next.statusBeforeHold,
      ...(isClosed(next.status) && !isClosed(request.status) ? { closed_at: now } : {}),
    };
    // The JSON columns are written as text; the clock reads them as values.
    const deadlineColumns = {
      jurisdiction: request.jurisdiction,
      received_at: request.received_at,
      holds: typeof patch.holds === 'string' ? JSON.parse(patch.holds) : request.holds,
      extension: typeof patch.extension === 'string' ? JSON.parse(patch.extension) : request.extension,
    };
    patch.due_at = storedDueAt(deadlineColumns, organization.deletionRequestDays, now);
    const updated = await repository.updateRequest(trx, request.id, request.version, patch);
    if (!updated) throw new Error('a locked request changed under its lock');
    await repository.insertEvent(trx, {
      request_id: request.id,
      organization_id: request.organization_id,
      occurred_at: now,
      kind: outcome.event.kind,
      actor_user_id: actorUserId(actor.principal),
      actor_label: actorLabel(actor.principal),
      from_status: request.status,
      to_status: updated.status,
      public: outcome.event.public,
      details: outcome.event.details,
    });
    await outcome.after?.(trx, updated);
    await recordAuditEvent(trx, {
      organizationId: request.organization_id,
      actor: auditActorOf(actor.principal),
      action: `deletion_request.${outcome.event.kind.toLowerCase()}`,
      target: { type: 'DeletionRequest', id: request.id },
      metadata: { reference: request.reference, from: request.status, to: updated.status, version: updated.version, ...outcome.audit },
      request: actor.request,
      occurredAt: now,
    });
    return updated;
  });
}

async function outcomeOf(
  trx: Db,
  deps: Pick<UseCaseContext, 'db' | 'clock' | 'signingKey' | 'publicUrl'>,
  organization: Organization,
  request: DeletionRequestRow,
  command: StaffCommand,
  now: Date,
): Promise<Outcome> {
  const kind = EVENT_KIND[command.action];
  const mailTo = request.email ? { reference: request.reference, email: request.email } : null;
  switch (command.action) {
    case 'VERIFY': {
      const reason = requiredText(command.reason, 'reason', 'The reason for verifying by hand');
      return {
        patch: { verified_at: now },
        event: { kind, public: true, details: { by: 'staff', reason } },
        audit: { by: 'staff' },
        after: (trx2, updated) => acknowledgeVerifiedRequest(trx2, deps, organization, updated),
      };
    }
    case 'ASSIGN': {
      const assignee = command.assigneeId
        ? await repository.findOrganizationMember(trx, request.organization_id, command.assigneeId)
        : null;
      if (command.assigneeId && !assignee) {
        throw new DomainError('BAD_USER_INPUT', 'The assignee must be a staff member of this organization.', { field: 'assignee' });
      }
      return {
        patch: { assignee_id: assignee?.id ?? null },
        event: { kind, public: false, details: { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null } },
        audit: { assigneeId: assignee?.id ?? null },
      };
    }
    case 'START':
    case 'RESUME': {
      const holds =
        command.action === 'RESUME' ? request.holds.map((hold) => (hold.until ? hold : { ...hold, until: now.toISOString() })) : null;
      return { patch: holds ? { holds: JSON.stringify(holds) } : {}, event: { kind, public: true, details: {} }, audit: {} };
    }
    case 'HOLD': {
      const message = requiredText(command.message, 'message', 'What the request is waiting for');
      const holds = [...request.holds, { from: now.toISOString(), until: null, reason: command.reason }];
      return {
        patch: { holds: JSON.stringify(holds) },
        event: { kind, public: true, details: { reason: command.reason, message } },
        audit: { holdReason: command.reason },
      };
    }
    case 'EXTEND': {
      if (isClosed(request.status) || request.status === 'UNVERIFIED') {
        throw new DomainError('INVALID_TRANSITION', `A request that is ${request.status} cannot be extended.`);
      }
      const extension = { at: now, amount: command.amount, reason: requiredText(command.reason, 'reason', 'The reason for the extension') };
      checkExtension(deadlineFactsOf(request, organization.deletionRequestDays), extension);
      return {
        patch: { extension: JSON.stringify({ at: now.toISOString(), amount: extension.amount, reason: extension.reason }) },
        event: {
          kind,
          public: true,
          details: { amount: extension.amount, unit: request.jurisdiction === 'GDPR' ? 'months' : 'days', reason: extension.reason },
        },
        audit: { amount: extension.amount },
        after: async (trx2, updated) => {
          if (mailTo)
            await enqueueMail(trx2, extendedMail(organization, mailTo, { dueAt: updated.due_at, reason: extension.reason }), deps.clock);
        },
      };
    }
    case 'COMPLETE': {
      const summary = requiredText(command.summary, 'summary', 'What was deleted');
      const systems = command.systems.map((system) => system.trim()).filter((system) => system !== '');
      if (systems.length === 0)
        throw new DomainError('BAD_USER_INPUT', 'Name at least one system the data was deleted from.', { field: 'systems' });
      const receipt = await issueReceipt(trx, deps.signingKey, organization, request, { summary, systems }, now);
      return {
        patch: { completion: JSON.stringify({ summary, systems }), receipt: JSON.stringify(receipt) },
        event: { kind, public: true, details: { summary, systems } },
        audit: { systems: systems.length, receiptKey: receipt.signature.publicKeyId },
        after: async (trx2) => {
          if (mailTo) await enqueueMail(trx2, completedMail(organization, mailTo, receipt), deps.clock);
        },
      };
    }
    case 'REJECT': {
      const reason = requiredText(command.reason, 'reason', 'The reason for rejecting');
      return {
        patch: { rejection_category: command.category, outcome_reason: reason },
        event: { kind, public: true, details: { category: command.category, reason } },
        audit: { category: command.category },
        after: async (trx2) => {
          if (mailTo) await enqueueMail(trx2, rejectedMail(organization, mailTo, { category: command.category, reason }), deps.clock);
        },
      };
    }
    case 'CANCEL': {
      const reason = requiredText(command.reason, 'reason', 'The reason for cancelling');
      return { patch: { outcome_reason: reason }, event: { kind, public: true, details: { reason } }, audit: {} };
    }
  }
}

/** An internal note: it changes nothing about the request, so it needs no version. */
export async function addNote(
  deps: Pick<UseCaseContext, 'db' | 'clock' | 'signingKey' | 'publicUrl'>,
  actor: StaffActor,
  id: string,
  text: string,
): Promise<DeletionRequestRow> {
  const note = requiredText(text, 'text', 'The note');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request } = await lockForStaff(trx, actor, id);
    await repository.insertEvent(trx, {
      request_id: request.id,
      organization_id: request.organization_id,
      occurred_at: now,
      kind: 'NOTE',
      actor_user_id: actorUserId(actor.principal),
      actor_label: actorLabel(actor.principal),
      from_status: null,
      to_status: null,
      public: false,
      details: { text: note },
    });
    await recordAuditEvent(trx, {
      organizationId: request.organization_id,
      actor: auditActorOf(actor.principal),
      action: 'deletion_request.note_added',
      target: { type: 'DeletionRequest', id: request.id },
      metadata: { reference: request.reference },
      request: actor.request,
      occurredAt: now,
    });
    return request;
  });
}
