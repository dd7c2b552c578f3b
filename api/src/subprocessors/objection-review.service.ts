// Staff work the objections to their organization's subprocessor changes:
// read the confirmed ones (open or resolved, per list version) and resolve
// each with an outcome from a fixed vocabulary and a note. Reading needs
// subprocessor-objections:read, resolving subprocessor-objections:write (the
// roles that work privacy requests); each resolution is audited in the same
// transaction.
import type { ObjectionOutcome } from '@governance/policies/vocabulary/subprocessor-objections';
import { OBJECTION_LIMITS, OBJECTION_MESSAGES, OBJECTION_OUTCOMES } from '@governance/policies/vocabulary/subprocessor-objections';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { auditActorOf, can, type Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { DomainError } from '../shared/domain-error.ts';
import { requireStorableText, requireUuid } from '../shared/input-checks.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import type { SubprocessorObjection } from './objections.repository.ts';
import * as repository from './objections.repository.ts';
import { listReadsAt, listVersion } from './subprocessors.service.ts';

export type { SubprocessorObjection };

/** One screen's worth: objections to a change are few; the list is cut here rather than paged. */
export const MAX_OBJECTIONS = 200;

export interface ObjectionQuery {
  organizationId: string;
  version?: string | null;
  state?: 'OPEN' | 'RESOLVED' | null;
}

export async function objectionsOf(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  query: ObjectionQuery,
): Promise<SubprocessorObjection[]> {
  requirePermission(principal, query.organizationId, 'subprocessor-objections:read');
  let listVersionId: string | undefined;
  if (query.version) {
    const list = await listVersion(listReadsAt(context.db, context.clock.now()), query.organizationId, query.version);
    if (!list) throw new DomainError('BAD_USER_INPUT', OBJECTION_MESSAGES.versionUnknown, { field: 'version' });
    listVersionId = list.id;
  }
  return repository.confirmedObjections(context.db, {
    organizationId: query.organizationId,
    ...(listVersionId ? { listVersionId } : {}),
    ...(query.state ? { state: query.state } : {}),
    limit: MAX_OBJECTIONS,
  });
}

/** A confirmed objection, for a caller who may read its organization's; null otherwise (unknown, unconfirmed or not theirs). */
export async function objectionForStaff(
  context: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  id: string,
): Promise<SubprocessorObjection | null> {
  requireUuid(id, 'id');
  const found = await repository.findById(context.db, id);
  if (!found?.verifiedAt || !can(principal, found.organizationId, 'subprocessor-objections:read')) return null;
  return found;
}

export interface Resolution {
  /** The organization the caller works for: an objection to another's is not found. */
  organizationId: string;
  id: string;
  outcome: ObjectionOutcome;
  note?: string | null;
}

/** @throws DomainError NOT_FOUND (unknown or unconfirmed), OBJECTION_ALREADY_RESOLVED, BAD_USER_INPUT naming the field. */
export async function resolveObjection(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  principal: Principal,
  resolution: Resolution,
  request: AuditRequest,
): Promise<SubprocessorObjection> {
  requirePermission(principal, resolution.organizationId, 'subprocessor-objections:write');
  requireUuid(resolution.id, 'id');
  if (!Object.hasOwn(OBJECTION_OUTCOMES, resolution.outcome))
    throw new DomainError('BAD_USER_INPUT', 'Choose one of the outcomes.', { field: 'outcome' });
  const note = resolution.note?.trim() || null;
  if (note !== null) {
    requireStorableText(note, 'note');
    if (note.length > OBJECTION_LIMITS.note) throw new DomainError('BAD_USER_INPUT', OBJECTION_MESSAGES.noteTooLong, { field: 'note' });
  }
  const found = await repository.findById(context.db, resolution.id);
  if (!found?.verifiedAt || found.organizationId !== resolution.organizationId)
    throw new DomainError('NOT_FOUND', 'There is no such objection.', { field: 'id' });
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const by = principal.kind === 'user' ? principal.userId : null;
    if (!(await repository.resolve(trx, found.id, { outcome: resolution.outcome, note, at: now, by }))) {
      throw new DomainError('OBJECTION_ALREADY_RESOLVED', 'This objection was resolved already; its outcome stands.');
    }
    await recordAuditEvent(trx, {
      organizationId: found.organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.subprocessorObjectionResolved,
      target: { type: 'SubprocessorObjection', id: found.id },
      metadata: { version: found.version, outcome: resolution.outcome },
      request,
      occurredAt: now,
    });
    const resolved = await repository.findById(trx, found.id);
    if (!resolved) throw new Error('a resolved objection vanished');
    return resolved;
  });
}
