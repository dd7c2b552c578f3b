// Exports the signed evidence of an announced change, either kind: the
// notices sent for it (through notice-records.ts), salted into the record,
// and for a subprocessor list version the confirmed objections with their
// outcomes, signed with the audit key. Each export is audited. A subprocessor
// change needs subprocessor-objections:read (its record names the objecting
// companies); a policy change needs change-evidence:export.

import type { Permission } from '@governance/policies/vocabulary/access';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditEventInput, AuditRequest } from '../audit/models.ts';
import type { Principal } from '../auth/principal.ts';
import { auditActorOf } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import type { Organization } from '../policies/models.ts';
import { organizationWithId, policiesOf, versionsOf } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { RequestUseCaseContext, UseCaseContext } from '../use-case-context.ts';
import {
  CHANGE_EVIDENCE_TYPE,
  type ChangeEvidence,
  EVIDENCE_TYPE,
  evidenceNotices,
  NO_OBJECTION_PROCESS,
  newEvidenceSalt,
  type SignedEvidence,
  saltedHash,
  signEvidence,
} from './evidence.ts';
import { CHANGE_NOTICES, type NoticedChange, type NoticeRecordSource } from './notice-records.ts';
import * as objections from './objections.repository.ts';
import { listReadsAt, listVersion } from './subprocessors.service.ts';

/** Every confirmed objection goes in the record; more than this for one change means something is wrong, not a longer record. */
const MAX_OBJECTIONS_IN_EVIDENCE = 10_000;

/** A policy's slug and a version are short (`terms-of-service`, `1.2`); anything longer is not one. */
export const POLICY_EVIDENCE_LIMITS = { document: 100, version: 40 } as const;

type EvidenceContext = Pick<UseCaseContext, 'db' | 'clock' | 'signingKey'>;

const iso = (instant: Date | null) => (instant ? instant.toISOString() : null);

export async function exportChangeEvidence(
  context: EvidenceContext,
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
  const record = await recordParts(context, change.organizationId, { subprocessorListVersionId: list.id }, notices);
  const confirmed = await objections.confirmedObjections(context.db, {
    organizationId: change.organizationId,
    listVersionId: list.id,
    limit: MAX_OBJECTIONS_IN_EVIDENCE,
  });
  const objectorHashes = await objections.emailHashesOf(
    context.db,
    confirmed.map((objection) => objection.id),
  );
  const evidence: ChangeEvidence = {
    type: EVIDENCE_TYPE,
    version: 1,
    organization: record.organization,
    change: {
      kind: 'subprocessor-list',
      version: list.version,
      sha256: list.sha256,
      summary: list.summary,
      announcedAt: list.announcedAt.toISOString(),
      effectiveAt: list.effectiveAt.toISOString(),
    },
    generatedAt: now.toISOString(),
    salt: record.salt,
    notices: record.notices,
    objections: {
      confirmed: confirmed.length,
      open: confirmed.filter((objection) => !objection.resolvedAt).length,
      resolved: confirmed.filter((objection) => objection.resolvedAt).length,
      // Oldest first: the order they came in.
      items: confirmed.toReversed().map((objection) => ({
        objector: saltedHash(record.salt, objectorHashes.get(objection.id) ?? objection.id),
        company: objection.company,
        submittedAt: objection.submittedAt.toISOString(),
        verifiedAt: (objection.verifiedAt as Date).toISOString(),
        outcome: objection.outcome,
        resolvedAt: iso(objection.resolvedAt),
      })),
    },
  };
  return signedAndAudited(context, principal, evidence, request, {
    organizationId: change.organizationId,
    action: AUDIT_ACTION.subprocessorChangeEvidenceExported,
    target: { type: 'SubprocessorList', id: list.id },
    metadata: { version: list.version, notified: record.notices.notified, objections: confirmed.length },
  });
}

/** The signed evidence of a material policy version's notices. Refuses a version that announced nothing (not material, or the policy's first). */
export async function exportPolicyChangeEvidence(
  context: EvidenceContext & Pick<RequestUseCaseContext, 'loaders' | 'policyCatalog' | 'now'>,
  principal: Principal,
  change: { organizationId: string; document: string; version: string },
  request: AuditRequest,
  notices: NoticeRecordSource = CHANGE_NOTICES,
): Promise<SignedEvidence> {
  requirePermission(principal, change.organizationId, POLICY_EVIDENCE_PERMISSION);
  const { policy, version } = await announcedPolicyVersion(context, change);
  const now = context.clock.now();
  const record = await recordParts(context, change.organizationId, { policyVersionId: version.id }, notices);
  const evidence: ChangeEvidence = {
    type: CHANGE_EVIDENCE_TYPE,
    version: 1,
    organization: record.organization,
    change: {
      kind: 'policy-version',
      document: policy.slug,
      title: version.title,
      version: version.version,
      sha256: version.sha256,
      summary: version.summary,
      announcedAt: version.publishedAt.toISOString(),
      effectiveAt: version.effectiveAt.toISOString(),
    },
    generatedAt: now.toISOString(),
    salt: record.salt,
    notices: record.notices,
    objections: NO_OBJECTION_PROCESS,
  };
  return signedAndAudited(context, principal, evidence, request, {
    organizationId: change.organizationId,
    action: AUDIT_ACTION.policyChangeEvidenceExported,
    target: { type: 'PolicyVersion', id: version.id },
    metadata: { policy: policy.slug, version: version.version, notified: record.notices.notified },
  });
}

/** Who may list the announced changes and export a policy change's evidence. */
export const POLICY_EVIDENCE_PERMISSION: Permission = 'change-evidence:export';

async function announcedPolicyVersion(
  context: Pick<RequestUseCaseContext, 'db' | 'loaders' | 'policyCatalog' | 'now'>,
  change: { organizationId: string; document: string; version: string },
) {
  if (change.document.length > POLICY_EVIDENCE_LIMITS.document)
    throw new DomainError('BAD_USER_INPUT', `A policy is named by its slug, at most ${POLICY_EVIDENCE_LIMITS.document} characters.`, {
      field: 'document',
    });
  if (change.version.length > POLICY_EVIDENCE_LIMITS.version)
    throw new DomainError('BAD_USER_INPUT', `A version is at most ${POLICY_EVIDENCE_LIMITS.version} characters, like "1.2".`, {
      field: 'version',
    });
  const policy = (await policiesOf(context, change.organizationId)).find((candidate) => candidate.slug === change.document);
  if (!policy) throw new DomainError('BAD_USER_INPUT', 'This organization publishes no policy with this slug.', { field: 'document' });
  // Newest effective first: the last is the policy's first version, which announces nothing.
  const versions = await versionsOf(context, policy.id);
  const version = versions.find((candidate) => candidate.version === change.version);
  if (!version) throw new DomainError('BAD_USER_INPUT', 'This policy has published no version with this number.', { field: 'version' });
  if (!version.material || version === versions.at(-1))
    throw new DomainError(
      'BAD_USER_INPUT',
      'This version announced nothing: only a material version after a policy’s first is announced to subscribers.',
      { field: 'version' },
    );
  return { policy, version };
}

/** What every kind of record takes from the organization and the change's notices, salted with a salt of its own. */
async function recordParts(
  context: Pick<UseCaseContext, 'db'>,
  organizationId: string,
  change: NoticedChange,
  notices: NoticeRecordSource,
): Promise<{ organization: Pick<Organization, 'slug' | 'name'>; salt: string; notices: ReturnType<typeof evidenceNotices> }> {
  const organization = await organizationWithId(context, organizationId);
  const salt = newEvidenceSalt();
  return {
    organization: { slug: organization.slug, name: organization.name },
    salt,
    notices: evidenceNotices(salt, await notices.noticesOfChange(context.db, change)),
  };
}

async function signedAndAudited(
  context: EvidenceContext,
  principal: Principal,
  evidence: ChangeEvidence,
  request: AuditRequest,
  audit: Pick<AuditEventInput, 'action' | 'target' | 'metadata'> & { organizationId: string },
): Promise<SignedEvidence> {
  const signed = signEvidence(evidence, context.signingKey);
  await recordAuditEvent(context.db, { ...audit, actor: auditActorOf(principal), request, occurredAt: new Date(evidence.generatedAt) });
  return signed;
}
