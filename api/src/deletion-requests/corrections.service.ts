// Staff decide the items of a correction request and name whom they told of
// the correction (GDPR Art. 19). Saving checks the caller's permission, the
// version they read (two staff members never overwrite each other) and that
// the request is open and verified; the decisions, a private timeline entry
// and the audit event commit together. Completion itself (staff-actions)
// refuses while an item is undecided.
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { auditActorOf } from '../auth/principal.ts';
import { DomainError } from '../shared/domain-error.ts';
import { listInForceAt, listReadsAt } from '../subprocessors/subprocessors.service.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import {
  type CorrectionDecisionInput,
  type CorrectionItem,
  type CorrectionRecipient,
  validatedDecisions,
  validatedRecipients,
} from './corrections.ts';
import * as repository from './deletion-requests.repository.ts';
import { isClosed } from './lifecycle.ts';
import type { DeletionRequest } from './models.ts';
import * as items from './privacy-request-items.repository.ts';
import { actorOf, lockForStaff, type StaffActor } from './staff-actions.service.ts';

export interface CorrectionDecisions {
  decisions: readonly CorrectionDecisionInput[];
  /** Null leaves the recipients as they are. */
  recipients: readonly { name: string; fromRegister: boolean }[] | null;
}

/** The names staff may pick as recipients: the organization's subprocessor list in force now. */
export async function registerNamesOf(deps: Pick<UseCaseContext, 'db'>, organizationId: string, now: Date): Promise<string[]> {
  const list = await listInForceAt(listReadsAt(deps.db, now), organizationId, now);
  const names = (list?.entries ?? []).map((entry) => entry.name ?? entry.category ?? '').filter((name) => name !== '');
  return [...new Set(names)];
}

export async function decideCorrections(
  deps: Pick<UseCaseContext, 'db' | 'clock'>,
  actor: StaffActor,
  id: string,
  expectedVersion: number,
  input: CorrectionDecisions,
): Promise<DeletionRequest> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request } = await lockForStaff(trx, actor, id);
    if (request.version !== expectedVersion) {
      throw new DomainError(
        'VERSION_CONFLICT',
        `Someone changed this request after you loaded it (you had version ${expectedVersion}, it is now ${request.version}); reload it and try again.`,
        { field: 'version' },
      );
    }
    if (isClosed(request.status) || request.status === 'UNVERIFIED') {
      throw new DomainError('INVALID_TRANSITION', `A request that is ${request.status} cannot take decisions on its corrections.`);
    }
    const current = await items.findCorrectionItems(trx, request.id);
    if (current.length === 0) throw new DomainError('BAD_USER_INPUT', 'This request asks for no corrections.', { field: 'decisions' });
    const decisions = validatedDecisions(current, input.decisions);
    const recipients =
      input.recipients === null
        ? null
        : validatedRecipients(input.recipients, await registerNamesOf({ db: trx }, request.organizationId, now));

    const by = actorOf(actor.principal);
    await items.saveDecisions(trx, request.id, decisions, { at: now, by: by.label });
    if (recipients) await items.replaceRecipients(trx, request.id, recipients);
    const updated = await repository.updateRequest(trx, request.id, request.version, {});
    if (!updated) throw new Error('a locked request changed under its lock');
    const decided = await items.findCorrectionItems(trx, request.id);
    const counts = countsOf(decided);
    await repository.insertEvent(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: 'CORRECTIONS_DECIDED',
      actor: by,
      fromStatus: null,
      toStatus: null,
      public: false,
      details: counts,
    });
    await recordAuditEvent(trx, {
      organizationId: request.organizationId,
      actor: auditActorOf(actor.principal),
      action: AUDIT_ACTION.deletionRequestCorrectionsDecided,
      target: { type: 'DeletionRequest', id: request.id },
      // Counts only: the items' values are personal data, the trail keeps none.
      metadata: { reference: request.reference, version: updated.version, ...counts, recipients: recipients?.length ?? null },
      request: actor.request,
      occurredAt: now,
    });
    return updated;
  });
}

const countsOf = (decided: readonly CorrectionItem[]) => ({
  applied: decided.filter((item) => item.decision === 'APPLIED').length,
  partiallyApplied: decided.filter((item) => item.decision === 'PARTIALLY_APPLIED').length,
  rejected: decided.filter((item) => item.decision === 'REJECTED').length,
  undecided: decided.filter((item) => item.decision === null).length,
});

/** What staff see of a request's corrections: every item with its values, and the recipients. */
export async function correctionsOf(deps: Pick<UseCaseContext, 'db'>, requestId: string) {
  return { items: await items.findCorrectionItems(deps.db, requestId), recipients: await items.findRecipients(deps.db, requestId) };
}

export async function recipientsOf(deps: Pick<UseCaseContext, 'db'>, requestId: string): Promise<CorrectionRecipient[]> {
  return items.findRecipients(deps.db, requestId);
}

export async function retainedItemsOf(deps: Pick<UseCaseContext, 'db'>, requestId: string) {
  return items.findRetainedItems(deps.db, requestId);
}
