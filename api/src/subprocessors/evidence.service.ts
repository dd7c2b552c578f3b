// Exports the signed evidence of one announced subprocessor change: the
// notices sent for it (through notice-records.ts) and the confirmed
// objections with their outcomes, signed with the audit key. Needs
// subprocessor-objections:read; each export is audited.

import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import type { Principal } from '../auth/principal.ts';
import { auditActorOf } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { type ChangeEvidence, EVIDENCE_TYPE, newEvidenceSalt, type SignedEvidence, saltedHash, signEvidence } from './evidence.ts';
import { CHANGE_NOTICES, type NoticeRecordSource } from './notice-records.ts';
import * as objections from './objections.repository.ts';
import { listReadsAt, listVersion } from './subprocessors.service.ts';

/** Every confirmed objection goes in the record; more than this for one change means something is wrong, not a longer record. */
const MAX_OBJECTIONS_IN_EVIDENCE = 10_000;

const iso = (instant: Date | null) => (instant ? instant.toISOString() : null);

export async function exportChangeEvidence(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'signingKey'>,
  principal: Principal,
  change: { organizationId: string; version: string },
  request: AuditRequest,
  notices: NoticeRecordSource = CHANGE_NOTICES,
): Promise<SignedEvidence> {
  requirePermission(principal, change.organizationId, 'subprocessor-objections:read');
  const now = context.clock.now();
  const list = await listVersion(listReadsAt(context.db, now), change.organizationId, change.version);
  if (!list)
    throw new DomainError('BAD_USER_INPUT', 'This organization has announced no subprocessor list with this version.', {
      field: 'version',
    });
  const organization = await organizationWithId(context, change.organizationId);
  const salt = newEvidenceSalt();
  const sent = await notices.noticesOfListVersion(context.db, list.id);
  const confirmed = await objections.confirmedObjections(context.db, {
    organizationId: change.organizationId,
    listVersionId: list.id,
    limit: MAX_OBJECTIONS_IN_EVIDENCE,
  });
  const objectorHashes = await objections.emailHashesOf(
    context.db,
    confirmed.map((objection) => objection.id),
  );
  const count = (delivery: string) => sent.filter((notice) => notice.delivery === delivery).length;
  const evidence: ChangeEvidence = {
    type: EVIDENCE_TYPE,
    version: 1,
    organization: { slug: organization.slug, name: organization.name },
    change: {
      kind: 'subprocessor-list',
      version: list.version,
      sha256: list.sha256,
      summary: list.summary,
      announcedAt: list.announcedAt.toISOString(),
      effectiveAt: list.effectiveAt.toISOString(),
    },
    generatedAt: now.toISOString(),
    salt,
    notices: {
      notified: sent.length,
      delivered: count('DELIVERED'),
      failed: count('FAILED'),
      pending: count('PENDING'),
      messages: sent.map((notice) => ({
        subscriber: saltedHash(salt, notice.subscriberKey),
        delivery: notice.delivery,
        at: iso(notice.at),
      })),
    },
    objections: {
      confirmed: confirmed.length,
      open: confirmed.filter((objection) => !objection.resolvedAt).length,
      resolved: confirmed.filter((objection) => objection.resolvedAt).length,
      // Oldest first: the order they came in.
      items: confirmed.toReversed().map((objection) => ({
        objector: saltedHash(salt, objectorHashes.get(objection.id) ?? objection.id),
        company: objection.company,
        submittedAt: objection.submittedAt.toISOString(),
        verifiedAt: (objection.verifiedAt as Date).toISOString(),
        outcome: objection.outcome,
        resolvedAt: iso(objection.resolvedAt),
      })),
    },
  };
  const signed = signEvidence(evidence, context.signingKey);
  await recordAuditEvent(context.db, {
    organizationId: change.organizationId,
    actor: auditActorOf(principal),
    action: AUDIT_ACTION.subprocessorChangeEvidenceExported,
    target: { type: 'SubprocessorList', id: list.id },
    metadata: { version: list.version, notified: sent.length, objections: confirmed.length },
    request,
    occurredAt: now,
  });
  return signed;
}
