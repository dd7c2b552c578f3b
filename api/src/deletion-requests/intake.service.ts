// A person asks an organization to delete their personal data, send them a
// copy of it (also machine-readable), or correct it: a privacy request of one
// or more kinds (policies/src/vocabulary/privacy-request-kinds.ts). Submitting
// is idempotent (the client's key returns the same request, also under
// concurrent retries), never blocked by an earlier request of the same
// person (the new one is linked to it), and recorded without personal data:
// the audit trail is append-only, and the request's personal data must be
// erasable later.
import { createHash } from 'node:crypto';
import { normaliseEmail } from '@governance/policies/vocabulary/email';
import { INTAKE_LIMITS, INTAKE_MESSAGES, noSuchOrganizationMessage } from '@governance/policies/vocabulary/intake-messages';
import { inKindOrder, kindsProblem, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { z } from 'zod';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import { organizationBySlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { STATUS_TOKEN_PREFIX } from './acknowledgement.ts';
import * as repository from './deletion-requests.repository.ts';
import type { DeletionRequest } from './models.ts';
import { newReference } from './reference.ts';
import { storedDueAt } from './request-deadline.ts';
import { verificationMail } from './requester-mail.ts';
import { newShortCode, shortCodeHash } from './short-code.ts';

export const VERIFICATION_TOKEN_PREFIX = 'drv_';

/**
 * The requester's address and browser are personal data, and the audit trail
 * cannot erase them: requester events keep only the request id. (The rate
 * limits count addresses in their own table, which expires.)
 */
export const withoutRequesterIdentity = (request: AuditRequest): AuditRequest => ({
  requestId: request.requestId,
  ip: null,
  userAgent: null,
});

/** At least one kind, each at most once, stored in the vocabulary's order whatever order they came in. */
const kindsSchema = z
  .array(z.string())
  .superRefine((kinds, context) => {
    const problem = kindsProblem(kinds);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform((kinds) => inKindOrder(kinds as PrivacyRequestKind[]));

const inputSchema = z.object({
  kinds: kindsSchema,
  organization: z.string().min(1, INTAKE_MESSAGES.organizationMissing),
  idempotencyKey: z.string().regex(/^[\w-]{8,200}$/, INTAKE_MESSAGES.idempotencyKey),
  email: z.email(INTAKE_MESSAGES.email).max(INTAKE_LIMITS.email, INTAKE_MESSAGES.emailTooLong),
  name: z.string().trim().min(1, INTAKE_MESSAGES.name).max(INTAKE_LIMITS.name, INTAKE_MESSAGES.nameTooLong),
  accountIdentifier: z.string().trim().max(INTAKE_LIMITS.accountIdentifier, INTAKE_MESSAGES.accountIdentifierTooLong).nullish(),
  jurisdiction: z.enum(['GDPR', 'CCPA', 'OTHER'], INTAKE_MESSAGES.jurisdiction),
  details: z.string().trim().max(INTAKE_LIMITS.details, INTAKE_MESSAGES.detailsTooLong).nullish(),
});

export type PrivacyRequestInput = z.input<typeof inputSchema>;
/** What submitDeletionRequest takes: a privacy request without kinds, which asks for deletion. */
export type SubmissionInput = Omit<PrivacyRequestInput, 'kinds'>;

export interface Submitted {
  request: DeletionRequest;
  /** False when the idempotency key returned an earlier submission. */
  created: boolean;
  /** Only when created: mailed to the requester, never shown in the response. */
  secrets: { verificationToken: string; verificationCode: string } | null;
}

export function emailHash(salt: string, email: string): string {
  return createHash('sha256')
    .update(`${salt}:${normaliseEmail(email)}`)
    .digest('hex');
}

/**
 * What makes two submissions "the same": every field the requester typed.
 * A deletion alone hashes as it did before kinds existed, so a retry of a
 * request made then still finds it; any other kinds are part of the hash.
 */
function inputHash(input: z.output<typeof inputSchema>): string {
  const fields = [
    input.organization,
    normaliseEmail(input.email),
    input.name,
    input.accountIdentifier ?? '',
    input.jurisdiction,
    input.details ?? '',
  ];
  if (input.kinds.join() !== 'DELETION') fields.push(input.kinds.join());
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function validated(input: PrivacyRequestInput): z.output<typeof inputSchema> {
  // Empty is not mistyped: the person is told which it is.
  if (typeof input.email === 'string' && input.email.trim() === '') {
    throw new DomainError('BAD_USER_INPUT', INTAKE_MESSAGES.emailMissing, { field: 'email' });
  }
  const parsed = inputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError('BAD_USER_INPUT', issue?.message ?? 'The request is not valid.', { field: String(issue?.path[0] ?? 'input') });
}

const UNIQUE_VIOLATION = '23505';
const isReferenceCollision = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === UNIQUE_VIOLATION &&
  (error as { constraint?: string }).constraint === 'deletion_request_reference_key';

/** The request for deletion alone, as the API took it before other kinds: kept as an alias. */
export function submitDeletionRequest(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'intakeLimiter' | 'publicUrl'>,
  rawInput: SubmissionInput,
  request: AuditRequest,
): Promise<Submitted> {
  return submitPrivacyRequest(context, { ...rawInput, kinds: ['DELETION'] }, request);
}

export async function submitPrivacyRequest(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'intakeLimiter' | 'publicUrl'>,
  rawInput: PrivacyRequestInput,
  request: AuditRequest,
): Promise<Submitted> {
  const input = validated(rawInput);
  const organization = await organizationBySlug(context, input.organization);
  if (!organization) throw new DomainError('BAD_USER_INPUT', noSuchOrganizationMessage(input.organization), { field: 'organization' });
  const hashOfEmail = emailHash(organization.emailHashSalt, input.email);
  const fingerprint = inputHash(input);

  const earlier = await repository.findByIdempotencyKey(context.db, organization.id, input.idempotencyKey);
  if (earlier) return replay(earlier, fingerprint);
  await context.intakeLimiter.consume(hashOfEmail, request.ip);

  // A reference collides once in tens of millions; then the whole submission is tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertSubmission(context, input, organization, hashOfEmail, fingerprint, request);
    } catch (error) {
      if (!isReferenceCollision(error) || attempt === 3) throw error;
    }
  }
}

function replay(earlier: DeletionRequest, fingerprint: string): Submitted {
  if (earlier.inputHash !== fingerprint) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', INTAKE_MESSAGES.idempotencyKeyReused, {
      field: 'idempotencyKey',
    });
  }
  return { request: earlier, created: false, secrets: null };
}

async function insertSubmission(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'intakeLimiter' | 'publicUrl'>,
  input: z.output<typeof inputSchema>,
  organization: Organization,
  hashOfEmail: string,
  fingerprint: string,
  request: AuditRequest,
): Promise<Submitted> {
  const organizationId = organization.id;
  const now = context.clock.now();
  const secrets = { verificationToken: newSecret(VERIFICATION_TOKEN_PREFIX), verificationCode: newShortCode() };
  return context.db.transaction().execute(async (trx) => {
    await repository.lockEmail(trx, organizationId, hashOfEmail);
    const inserted = await repository.insertDeletionRequest(trx, {
      organizationId,
      reference: newReference(now),
      idempotencyKey: input.idempotencyKey,
      inputHash: fingerprint,
      email: normaliseEmail(input.email),
      name: input.name,
      accountIdentifier: input.accountIdentifier ?? null,
      details: input.details ?? null,
      emailHash: hashOfEmail,
      jurisdiction: input.jurisdiction,
      kinds: input.kinds,
      duplicateOf: await repository.findOpenByEmailHash(trx, organizationId, hashOfEmail),
      verificationTokenHash: secretHash(secrets.verificationToken),
      // The status link is issued once the address is confirmed (acknowledgement.ts); until then this hash matches no token anyone holds.
      statusTokenHash: secretHash(newSecret(STATUS_TOKEN_PREFIX)),
      receivedAt: now,
      dueAt: storedDueAt(
        { jurisdiction: input.jurisdiction, receivedAt: now, holds: [], extension: null, kinds: input.kinds },
        organization.deletionRequestDays,
        now,
      ),
    });
    if (!inserted) {
      // A concurrent retry with the same key committed first.
      const winner = await repository.findByIdempotencyKey(trx, organizationId, input.idempotencyKey);
      if (!winner) throw new Error('an idempotency key conflicted with no row');
      return replay(winner, fingerprint);
    }
    // The code's hash is salted with the request's id, known only now.
    await repository.setVerificationCodeHash(trx, inserted.id, shortCodeHash(inserted.id, secrets.verificationCode));
    await repository.insertEvent(trx, {
      requestId: inserted.id,
      organizationId,
      occurredAt: now,
      kind: 'SUBMITTED',
      actor: { userId: null, label: 'requester' },
      fromStatus: null,
      toStatus: inserted.status,
      public: true,
    });
    await enqueueMail(
      trx,
      verificationMail(context.publicUrl, organization, { reference: inserted.reference, email: normaliseEmail(input.email) }, secrets),
      context.clock,
    );
    await recordAuditEvent(trx, {
      organizationId,
      actor: { type: 'ANONYMOUS', id: null, label: null },
      action: AUDIT_ACTION.deletionRequestSubmitted,
      target: { type: 'DeletionRequest', id: inserted.id },
      metadata: {
        reference: inserted.reference,
        jurisdiction: inserted.jurisdiction,
        kinds: inserted.kinds,
        duplicateOf: inserted.duplicateOf,
      },
      request: withoutRequesterIdentity(request),
      occurredAt: now,
    });
    return { request: inserted, created: true, secrets };
  });
}
