// What privacy staff do with a request. Every action is checked against the
// caller's permission in the request's organization, against the version the
// caller last saw (two staff members never overwrite each other), and against
// the lifecycle; the change, its timeline entry, its audit event and any mail
// to the requester commit together.
import type { Db } from '@governance/db';
import { AUDIT_ACTION, type AuditAction } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { auditActorOf, can, type Principal } from '../auth/principal.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import { organizationWithId } from '../policies/policies.service.ts';
import { requireSealedPackageToComplete } from '../privacy-packages/completion.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { acknowledgeVerifiedRequest } from './acknowledgement.ts';
import { firstUndecided, undecidedError } from './corrections.ts';
import { checkExtension, type Hold } from './deadline.ts';
import * as repository from './deletion-requests.repository.ts';
import { type Action, isClosed, transition } from './lifecycle.ts';
import type { DeletionRequest, DeletionRequestChange, RejectionCategory, TimelineKind } from './models.ts';
import { findCorrectionItems, insertRetainedItems } from './privacy-request-items.repository.ts';
import { issueReceipt } from './receipt.service.ts';
import { deadlineFactsOf, storedDueAt } from './request-deadline.ts';
import { completedMail, extendedMail, rejectedMail } from './requester-mail.ts';
import { type RetainedItemInput, validatedRetainedItems } from './retained-items.ts';

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
  | { action: 'COMPLETE'; summary: string; systems: string[]; retained?: readonly RetainedItemInput[] }
  | { action: 'REJECT'; category: RejectionCategory; reason: string }
  | { action: 'CANCEL'; reason: string };

/** What one command changes, and what the timeline and the trail say of it. */
interface Outcome {
  change: DeletionRequestChange;
  event: { kind: TimelineKind; public: boolean; details: Record<string, unknown> };
  /** Facts for the audit event: never personal data or free text. */
  audit: Record<string, unknown>;
  /** After the update, in the same transaction: mail. */
  after?: (trx: Db, updated: DeletionRequest) => Promise<void>;
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

const EVENT_KIND: Record<StaffCommand['action'], TimelineKind> = {
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

/** What each command records in the audit trail (the GraphQL mutations and commands keep their own names). */
const AUDIT_ACTION_OF: Record<StaffCommand['action'], AuditAction> = {
  VERIFY: AUDIT_ACTION.deletionRequestVerified,
  ASSIGN: AUDIT_ACTION.deletionRequestAssigned,
  START: AUDIT_ACTION.deletionRequestStarted,
  HOLD: AUDIT_ACTION.deletionRequestHeld,
  RESUME: AUDIT_ACTION.deletionRequestResumed,
  EXTEND: AUDIT_ACTION.deletionRequestExtended,
  COMPLETE: AUDIT_ACTION.deletionRequestCompleted,
  REJECT: AUDIT_ACTION.deletionRequestRejected,
  CANCEL: AUDIT_ACTION.deletionRequestCancelled,
};

const MAX_TEXT = 5000;

function requiredText(value: string, field: string, what: string): string {
  const text = value.trim();
  if (text === '') throw new DomainError('BAD_USER_INPUT', `${what} is required.`, { field });
  if (text.length > MAX_TEXT) throw new DomainError('BAD_USER_INPUT', `${what} must have at most 5,000 characters.`, { field });
  return text;
}

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'There is no such deletion request.', { field: 'id' });

/** Loads the request for a change by `actor`: hidden unless readable, refused unless writable. Other domains acting on a request (privacy-packages) lock it here too. */
export async function lockForStaff(trx: Db, actor: StaffActor, id: string) {
  const request = await repository.findForUpdate(trx, id);
  if (!request || !can(actor.principal, request.organizationId, 'deletion-requests:read')) throw NOT_FOUND();
  if (!can(actor.principal, request.organizationId, 'deletion-requests:write')) {
    throw new DomainError('FORBIDDEN', 'You may read this request but not change it.');
  }
  // What its organization says about deadlines and mail.
  return { request, organization: await organizationWithId({ db: trx }, request.organizationId) };
}

/** Who the timeline names: the staff member (or token) by name, and the user behind it. */
export const actorOf = (principal: Principal) => ({
  userId: principal.kind === 'user' ? principal.userId : null,
  label: principal.kind === 'user' ? principal.name : principal.kind === 'token' ? principal.name : 'anonymous',
});

export async function applyStaffAction(
  deps: Pick<UseCaseContext, 'db' | 'clock' | 'signingKey' | 'publicUrl'>,
  actor: StaffActor,
  id: string,
  expectedVersion: number,
  command: StaffCommand,
): Promise<DeletionRequest> {
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
    // The lifecycle decides first: a refused command must leave no trace, not even a signed receipt.
    const lifecycleAction = LIFECYCLE_ACTION[command.action];
    const next = lifecycleAction
      ? transition({ status: request.status, statusBeforeHold: request.statusBeforeHold }, lifecycleAction)
      : { status: request.status, statusBeforeHold: request.statusBeforeHold };
    if (!lifecycleAction && isClosed(request.status)) {
      throw new DomainError('INVALID_TRANSITION', `A request that is ${request.status} is closed and cannot change.`);
    }
    const outcome = await outcomeOf(trx, deps, organization, request, command, now);
    const change: DeletionRequestChange = {
      ...outcome.change,
      status: next.status,
      statusBeforeHold: next.statusBeforeHold,
      ...(isClosed(next.status) && !isClosed(request.status) ? { closedAt: now } : {}),
    };
    change.dueAt = storedDueAt({ ...request, ...change }, organization.deletionRequestDays, now);
    const updated = await repository.updateRequest(trx, request.id, request.version, change);
    if (!updated) throw new Error('a locked request changed under its lock');
    await repository.insertEvent(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: outcome.event.kind,
      actor: actorOf(actor.principal),
      fromStatus: request.status,
      toStatus: updated.status,
      public: outcome.event.public,
      details: outcome.event.details,
    });
    await outcome.after?.(trx, updated);
    await recordAuditEvent(trx, {
      organizationId: request.organizationId,
      actor: auditActorOf(actor.principal),
      action: AUDIT_ACTION_OF[command.action],
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
  request: DeletionRequest,
  command: StaffCommand,
  now: Date,
): Promise<Outcome> {
  const kind = EVENT_KIND[command.action];
  const mailTo = request.email ? { reference: request.reference, email: request.email, kinds: request.kinds } : null;
  switch (command.action) {
    case 'VERIFY': {
      const reason = requiredText(command.reason, 'reason', 'The reason for verifying by hand');
      return {
        change: { verifiedAt: now },
        event: { kind, public: true, details: { by: 'staff', reason } },
        audit: { by: 'staff' },
        after: (trx2, updated) => acknowledgeVerifiedRequest(trx2, deps, organization, updated),
      };
    }
    case 'ASSIGN': {
      const assignee = command.assigneeId ? await repository.findOrganizationMember(trx, request.organizationId, command.assigneeId) : null;
      if (command.assigneeId && !assignee) {
        throw new DomainError('BAD_USER_INPUT', 'The assignee must be a staff member of this organization.', { field: 'assignee' });
      }
      return {
        change: { assigneeId: assignee?.id ?? null },
        event: { kind, public: false, details: { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null } },
        audit: { assigneeId: assignee?.id ?? null },
      };
    }
    case 'START':
    case 'RESUME': {
      const holds = command.action === 'RESUME' ? request.holds.map((hold) => (hold.until ? hold : { ...hold, until: now })) : null;
      return { change: holds ? { holds } : {}, event: { kind, public: true, details: {} }, audit: {} };
    }
    case 'HOLD': {
      const message = requiredText(command.message, 'message', 'What the request is waiting for');
      return {
        change: { holds: [...request.holds, { from: now, until: null, reason: command.reason }] },
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
        change: { extension },
        event: {
          kind,
          public: true,
          details: { amount: extension.amount, unit: request.jurisdiction === 'GDPR' ? 'months' : 'days', reason: extension.reason },
        },
        audit: { amount: extension.amount },
        after: async (trx2, updated) => {
          if (mailTo)
            await enqueueMail(trx2, extendedMail(organization, mailTo, { dueAt: updated.dueAt, reason: extension.reason }), deps.clock);
        },
      };
    }
    case 'COMPLETE': {
      const summary = requiredText(command.summary, 'summary', 'What was deleted');
      const systems = command.systems.map((system) => system.trim()).filter((system) => system !== '');
      if (systems.length === 0)
        throw new DomainError('BAD_USER_INPUT', 'Name at least one system the data was deleted from.', { field: 'systems' });
      // A correction request is answered item by item: none may be left without a decision.
      const corrections = await findCorrectionItems(trx, request.id);
      const undecided = firstUndecided(corrections);
      if (undecided) throw undecidedError(undecided);
      // A request for a copy is answered by its sealed package: none may be completed with nothing to download.
      await requireSealedPackageToComplete(trx, request);
      // What was kept and why belongs to an erasure: another request has nothing to keep back.
      const erasure = request.kinds.includes('DELETION');
      if (!erasure && (command.retained ?? []).length > 0) {
        throw new DomainError('BAD_USER_INPUT', 'Only a deletion request says what was kept; this request asks for no deletion.', {
          field: 'retained',
        });
      }
      const retained = validatedRetainedItems(command.retained ?? [], now);
      await insertRetainedItems(trx, request.id, retained);
      const decisions = corrections.flatMap((item) => (item.decision ? [{ field: item.field, decision: item.decision }] : []));
      const receipt = await issueReceipt(trx, deps.signingKey, organization, request, { summary, systems }, now, {
        ...(decisions.length > 0 ? { corrections: decisions } : {}),
        ...(erasure ? { retained } : {}),
      });
      return {
        change: { completion: { summary, systems }, receipt },
        event: { kind, public: true, details: { summary, systems } },
        audit: {
          systems: systems.length,
          receiptKey: receipt.signature.publicKeyId,
          retained: retained.length,
          corrections: decisions.length,
        },
        after: async (trx2) => {
          if (mailTo)
            await enqueueMail(
              trx2,
              completedMail(deps.publicUrl, organization, mailTo, receipt, { retained, corrections: decisions }),
              deps.clock,
            );
        },
      };
    }
    case 'REJECT': {
      const reason = requiredText(command.reason, 'reason', 'The reason for rejecting');
      return {
        change: { rejectionCategory: command.category, outcomeReason: reason },
        event: { kind, public: true, details: { category: command.category, reason } },
        audit: { category: command.category },
        after: async (trx2) => {
          if (mailTo) await enqueueMail(trx2, rejectedMail(organization, mailTo, { category: command.category, reason }), deps.clock);
        },
      };
    }
    case 'CANCEL': {
      const reason = requiredText(command.reason, 'reason', 'The reason for cancelling');
      return { change: { outcomeReason: reason }, event: { kind, public: true, details: { reason } }, audit: {} };
    }
  }
}

/** An internal note: it changes nothing about the request, so it needs no version. */
export async function addNote(
  deps: Pick<UseCaseContext, 'db' | 'clock' | 'signingKey' | 'publicUrl'>,
  actor: StaffActor,
  id: string,
  text: string,
): Promise<DeletionRequest> {
  const note = requiredText(text, 'text', 'The note');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request } = await lockForStaff(trx, actor, id);
    await repository.insertEvent(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: 'NOTE',
      actor: actorOf(actor.principal),
      fromStatus: null,
      toStatus: null,
      public: false,
      details: { text: note },
    });
    await recordAuditEvent(trx, {
      organizationId: request.organizationId,
      actor: auditActorOf(actor.principal),
      action: AUDIT_ACTION.deletionRequestNoteAdded,
      target: { type: 'DeletionRequest', id: request.id },
      metadata: { reference: request.reference },
      request: actor.request,
      occurredAt: now,
    });
    return request;
  });
}
