// A customer contact objects to an announced subprocessor change before it
// takes effect (GDPR Art. 28(2) and (4)): the objection names the list
// version, the company and the reason, and counts once the address is
// confirmed by the mailed link. Anonymous and mail-sending, so bounded:
// every field has a length, the limits are per address and per email, and
// an objection nobody confirmed is deleted by retention (retention-rules.ts).
// The audit trail records each step without personal data: it cannot erase.
import { createHash } from 'node:crypto';
import { normaliseEmail } from '@governance/policies/vocabulary/email';
import { OBJECTION_LIMITS, OBJECTION_MESSAGES } from '@governance/policies/vocabulary/subprocessor-objections';
import { z } from 'zod';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import { organizationBySlug, organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { hasNul } from '../shared/input-checks.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { objectionVerificationMail } from './objection-mail.ts';
import * as repository from './objections.repository.ts';
import { listReadsAt, listVersion } from './subprocessors.service.ts';

export const OBJECTION_TOKEN_PREFIX = 'spo_';

/** The objector's address and browser are personal data the append-only trail could never erase: events keep the request id only. */
const withoutObjectorIdentity = (request: AuditRequest): AuditRequest => ({ requestId: request.requestId, ip: null, userAgent: null });

const inputSchema = z.object({
  organization: z.string().trim().min(1, OBJECTION_MESSAGES.organizationMissing).max(100, OBJECTION_MESSAGES.organizationMissing),
  version: z
    .string()
    .trim()
    .max(OBJECTION_LIMITS.version, OBJECTION_MESSAGES.version)
    .regex(/^[0-9]+(\.[0-9]+)*$/, OBJECTION_MESSAGES.version),
  email: z
    .string()
    .trim()
    .min(1, OBJECTION_MESSAGES.emailMissing)
    .max(OBJECTION_LIMITS.email, OBJECTION_MESSAGES.emailTooLong)
    .pipe(z.email(OBJECTION_MESSAGES.email)),
  company: z.string().trim().min(1, OBJECTION_MESSAGES.company).max(OBJECTION_LIMITS.company, OBJECTION_MESSAGES.companyTooLong),
  reason: z.string().trim().min(1, OBJECTION_MESSAGES.reason).max(OBJECTION_LIMITS.reason, OBJECTION_MESSAGES.reasonTooLong),
});

export type ObjectionInput = z.input<typeof inputSchema>;

function validated(input: ObjectionInput): z.output<typeof inputSchema> {
  for (const [field, value] of Object.entries(input)) {
    if (typeof value === 'string' && hasNul(value)) throw new DomainError('BAD_USER_INPUT', OBJECTION_MESSAGES.unstorable, { field });
  }
  const parsed = inputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError('BAD_USER_INPUT', issue?.message ?? 'The objection is not valid.', { field: String(issue?.path[0] ?? 'input') });
}

export function objectorEmailHash(salt: string, email: string): string {
  return createHash('sha256')
    .update(`${salt}:objector:${normaliseEmail(email)}`)
    .digest('hex');
}

export interface ObjectionReceived {
  version: string;
  effectiveAt: Date;
}

/** Objections close at the effective instant: one at or after it comes too late to change anything. */
function requireBeforeEffective(effectiveAt: Date, now: Date): void {
  if (now.getTime() >= effectiveAt.getTime())
    throw new DomainError('OBJECTION_PERIOD_ENDED', OBJECTION_MESSAGES.periodEnded, { field: 'version' });
}

/**
 * Records the objection (unconfirmed) and mails its confirmation link. The
 * answer says the same whatever the address: nothing tells a caller whether
 * it objected before.
 *
 * @throws DomainError BAD_USER_INPUT naming the field; OBJECTION_PERIOD_ENDED at or after the effective instant; RATE_LIMITED.
 */
export async function objectToSubprocessorChange(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'objectionLimiter' | 'publicUrl'>,
  rawInput: ObjectionInput,
  request: AuditRequest,
): Promise<ObjectionReceived> {
  const input = validated(rawInput);
  const organization = await organizationBySlug(context, input.organization);
  if (!organization)
    throw new DomainError('BAD_USER_INPUT', `There is no organization "${input.organization}".`, { field: 'organization' });
  const now = context.clock.now();
  const list = await listVersion(listReadsAt(context.db, now), organization.id, input.version);
  if (!list) throw new DomainError('BAD_USER_INPUT', OBJECTION_MESSAGES.versionUnknown, { field: 'version' });
  requireBeforeEffective(list.effectiveAt, now);
  const email = normaliseEmail(input.email);
  const emailHash = objectorEmailHash(organization.emailHashSalt, email);
  await context.objectionLimiter.consume(emailHash, request.ip);

  const token = newSecret(OBJECTION_TOKEN_PREFIX);
  await context.db.transaction().execute(async (trx) => {
    const id = await repository.insertObjection(trx, {
      organizationId: organization.id,
      listVersionId: list.id,
      email,
      emailHash,
      company: input.company,
      reason: input.reason,
      verificationTokenHash: secretHash(token),
      submittedAt: now,
    });
    await enqueueMail(
      trx,
      objectionVerificationMail(context.publicUrl, organization, { email, version: list.version, effectiveAt: list.effectiveAt }, token),
      context.clock,
    );
    await recordAuditEvent(trx, {
      organizationId: organization.id,
      actor: { type: 'ANONYMOUS', id: null, label: null },
      action: AUDIT_ACTION.subprocessorObjectionSubmitted,
      target: { type: 'SubprocessorObjection', id },
      metadata: { version: list.version },
      request: withoutObjectorIdentity(request),
      occurredAt: now,
    });
  });
  return { version: list.version, effectiveAt: list.effectiveAt };
}

const INVALID_LINK = () => new DomainError('INVALID_TOKEN', OBJECTION_MESSAGES.invalidLink, { field: 'token' });

export interface ObjectionConfirmed {
  organization: { slug: string; name: string };
  version: string;
  effectiveAt: Date;
}

/**
 * Confirms the objector's address, which makes the objection count. Following
 * the link twice is fine. A confirmation at or after the effective instant
 * is refused like a late objection: it would count too late.
 */
export async function verifySubprocessorObjection(
  context: Pick<UseCaseContext, 'db' | 'clock'>,
  token: string,
  request: AuditRequest,
): Promise<ObjectionConfirmed> {
  if (!token.startsWith(OBJECTION_TOKEN_PREFIX) || token.length > 200 || hasNul(token)) throw INVALID_LINK();
  const found = await repository.findByVerificationTokenHash(context.db, secretHash(token));
  if (!found) throw INVALID_LINK();
  const organization = await organizationWithId(context, found.organizationId);
  const confirmed = {
    organization: { slug: organization.slug, name: organization.name },
    version: found.version,
    effectiveAt: found.effectiveAt,
  };
  if (found.verifiedAt) return confirmed;
  const now = context.clock.now();
  requireBeforeEffective(found.effectiveAt, now);
  await context.db.transaction().execute(async (trx) => {
    if (!(await repository.markVerified(trx, found.id, now))) return;
    await recordAuditEvent(trx, {
      organizationId: found.organizationId,
      actor: { type: 'ANONYMOUS', id: null, label: 'objector' },
      action: AUDIT_ACTION.subprocessorObjectionVerified,
      target: { type: 'SubprocessorObjection', id: found.id },
      metadata: { version: found.version },
      request: withoutObjectorIdentity(request),
      occurredAt: now,
    });
  });
  return confirmed;
}
