// Answering access and portability requests with a package: staff seal it
// once (its hash and size never change), release it through a download link
// on the requester's status page (after a recorded identity proof where the
// organization requires one), revoke and re-issue the link; the requester
// downloads it a bounded number of times within a bounded number of days.
// Every step commits with its timeline entry, its audit event and any mail.
import { randomUUID } from 'node:crypto';
import type { Db } from '@governance/db';
import { DATA_COPY_KINDS } from '@governance/policies/vocabulary/privacy-request-kinds';
import { AUDIT_ACTION, type AuditAction } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditRequest } from '../audit/models.ts';
import { auditActorOf } from '../auth/principal.ts';
import { recordRequestStep, requesterView } from '../deletion-requests/deletion-requests.service.ts';
import { withoutRequesterIdentity } from '../deletion-requests/intake.service.ts';
import type { DeletionRequest } from '../deletion-requests/models.ts';
import { actorOf, lockForStaff, type StaffActor } from '../deletion-requests/staff-actions.service.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import { organizationWithId } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { linkExpiry, linkState } from './delivery.ts';
import type { PackageFormat, PackageLink, SealedPackage } from './models.ts';
import {
  canonicalPackageBytes,
  groupItems,
  PACKAGE_LIMITS,
  PACKAGE_SCHEMA_PATH,
  PACKAGE_TYPE,
  type PrivacyPackage,
  packageItemsInput,
  privacyPackageSchema,
  sha256Hex,
} from './package-document.ts';
import { packageFacts } from './package-facts.ts';
import { renderPackageHtml } from './package-html.ts';
import { decryptPackage, encryptPackage } from './package-key.ts';
import { packageReadyMail } from './package-mail.ts';
import * as repository from './packages.repository.ts';

type Deps = Pick<UseCaseContext, 'db' | 'clock' | 'publicUrl' | 'packageKey' | 'packageDelivery'>;

/** Requests staff may answer with a package: confirmed and still open (the completion receipt then names it). */
const SEALABLE = new Set(['VERIFIED', 'IN_PROGRESS', 'ON_HOLD']);

const MAX_METHOD = 200;

/** The path zod reports, named as the API names argument paths everywhere: items[0].fields[2].value. */
const fieldPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((named, key) => (typeof key === 'number' ? `${named}[${key}]` : `${named}.${String(key)}`), 'items');

/** Staff's items, checked against the package's bounds; the first problem names its path. */
export function parseItems(items: unknown) {
  const parsed = packageItemsInput.safeParse(items);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new DomainError('BAD_USER_INPUT', `${fieldPath(issue?.path ?? [])} ${issue?.message ?? 'is not valid'}.`, {
      field: fieldPath(issue?.path ?? []),
    });
  }
  return parsed.data;
}

async function audit(
  trx: Db,
  request: DeletionRequest,
  action: AuditAction,
  actor: Parameters<typeof recordAuditEvent>[1]['actor'],
  auditRequest: AuditRequest,
  metadata: Record<string, unknown>,
  now: Date,
) {
  await recordAuditEvent(trx, {
    organizationId: request.organizationId,
    actor,
    action,
    target: { type: 'DeletionRequest', id: request.id },
    metadata: { reference: request.reference, ...metadata },
    request: auditRequest,
    occurredAt: now,
  });
}

async function packageOf(trx: Db, request: DeletionRequest): Promise<SealedPackage> {
  const sealed = await repository.findPackageOfRequest(trx, request.id);
  if (!sealed) throw new DomainError('NOT_FOUND', 'This request has no package yet.', { field: 'id' });
  return sealed;
}

/** Seals the package of a request once; releases it at once unless the organization requires a recorded identity proof first. */
export async function sealPackage(deps: Deps, actor: StaffActor, requestId: string, items: unknown): Promise<SealedPackage> {
  const data = groupItems(parseItems(items));
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request, organization } = await lockForStaff(trx, actor, requestId);
    if (!request.kinds.some((kind) => DATA_COPY_KINDS.includes(kind))) {
      throw new DomainError('BAD_USER_INPUT', 'Only a request for a copy of the data (ACCESS or PORTABILITY) is answered with a package.', {
        field: 'kinds',
      });
    }
    if (!SEALABLE.has(request.status)) {
      throw new DomainError('INVALID_TRANSITION', `A request that is ${request.status} cannot be answered with a package.`, {
        field: 'id',
      });
    }
    if (await repository.findPackageOfRequest(trx, request.id)) {
      throw new DomainError('PACKAGE_ALREADY_SEALED', 'This request already has a sealed package; it never changes.', { field: 'id' });
    }
    const document: PrivacyPackage = privacyPackageSchema.parse({
      $schema: `${deps.publicUrl}${PACKAGE_SCHEMA_PATH}`,
      type: PACKAGE_TYPE,
      version: 1,
      reference: request.reference,
      organization: { slug: organization.slug, name: organization.name },
      jurisdiction: request.jurisdiction,
      sealedAt: now.toISOString(),
      data,
      ...(await packageFacts(trx, deps.publicUrl, organization, request.jurisdiction, now)),
    });
    const bytes = canonicalPackageBytes(document);
    if (bytes.length > PACKAGE_LIMITS.totalBytes) {
      throw new DomainError('BAD_USER_INPUT', `The package must be at most ${PACKAGE_LIMITS.totalBytes / 1024 / 1024} MB.`, {
        field: 'items',
      });
    }
    const id = randomUUID();
    const sealed = await repository.insertPackage(trx, {
      id,
      requestId: request.id,
      organizationId: request.organizationId,
      sealedAt: now,
      sealedBy: actorOf(actor.principal).userId,
      sha256: sha256Hex(bytes),
      sizeBytes: bytes.length,
      ciphertext: encryptPackage(deps.packageKey, id, bytes),
    });
    if (!sealed)
      throw new DomainError('PACKAGE_ALREADY_SEALED', 'This request already has a sealed package; it never changes.', { field: 'id' });
    await recordRequestStep(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: 'PACKAGE_SEALED',
      actor: actorOf(actor.principal),
      fromStatus: null,
      toStatus: null,
      public: false,
      details: { sha256: sealed.sha256, sizeBytes: sealed.sizeBytes },
    });
    await audit(
      trx,
      request,
      AUDIT_ACTION.privacyPackageSealed,
      auditActorOf(actor.principal),
      actor.request,
      { sha256: sealed.sha256, sizeBytes: sealed.sizeBytes },
      now,
    );
    if (!organization.packageIdentityProofRequired) await issueLink(trx, deps, actor, request, organization, sealed, now);
    return sealed;
  });
}

/** A new download link (revoking the one before), its public timeline entry, its audit event and the "your data is ready" mail. */
async function issueLink(
  trx: Db,
  deps: Deps,
  actor: StaffActor,
  request: DeletionRequest,
  organization: Organization,
  sealed: SealedPackage,
  now: Date,
): Promise<PackageLink> {
  if (sealed.erasedAt)
    throw new DomainError('PACKAGE_ERASED', 'This package was erased by its retention rule; seal no new one over it.', { field: 'id' });
  if (organization.packageIdentityProofRequired && !sealed.identityProvedAt) {
    throw new DomainError(
      'IDENTITY_PROOF_REQUIRED',
      `${organization.name} requires a recorded proof of identity before a package is released.`,
      {
        field: 'identityProof',
      },
    );
  }
  await repository.revokeCurrentLink(trx, sealed.id, now);
  const link = await repository.insertLink(trx, {
    packageId: sealed.id,
    issuedAt: now,
    issuedBy: actorOf(actor.principal).userId,
    expiresAt: linkExpiry(deps.packageDelivery, now),
    maxDownloads: deps.packageDelivery.linkDownloads,
  });
  await recordRequestStep(trx, {
    requestId: request.id,
    organizationId: request.organizationId,
    occurredAt: now,
    kind: 'PACKAGE_RELEASED',
    actor: actorOf(actor.principal),
    fromStatus: null,
    toStatus: null,
    public: true,
    details: { expiresAt: link.expiresAt.toISOString(), maxDownloads: link.maxDownloads },
  });
  await audit(
    trx,
    request,
    AUDIT_ACTION.privacyPackageLinkIssued,
    auditActorOf(actor.principal),
    actor.request,
    {
      expiresAt: link.expiresAt.toISOString(),
      maxDownloads: link.maxDownloads,
    },
    now,
  );
  if (request.email) {
    await enqueueMail(
      trx,
      packageReadyMail(deps.publicUrl, organization, { reference: request.reference, email: request.email }, link),
      deps.clock,
    );
  }
  return link;
}

/** Records how staff proved the requester's identity, once; then releases the package if no link was issued yet. */
export async function recordIdentityProof(deps: Deps, actor: StaffActor, requestId: string, method: string): Promise<SealedPackage> {
  const text = method.trim();
  if (text === '') throw new DomainError('BAD_USER_INPUT', 'How the identity was proved is required.', { field: 'method' });
  if (text.length > MAX_METHOD || text.includes('\u0000')) {
    throw new DomainError('BAD_USER_INPUT', `How the identity was proved must be at most ${MAX_METHOD} characters of text.`, {
      field: 'method',
    });
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request, organization } = await lockForStaff(trx, actor, requestId);
    const sealed = await packageOf(trx, request);
    if (sealed.identityProvedAt)
      throw new DomainError('IDENTITY_ALREADY_PROVED', 'Proof of identity was already recorded for this package.', { field: 'id' });
    await repository.recordIdentityProof(trx, sealed.id, text, now, actorOf(actor.principal).userId);
    await recordRequestStep(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: 'PACKAGE_IDENTITY_PROVED',
      actor: actorOf(actor.principal),
      fromStatus: null,
      toStatus: null,
      public: false,
      details: { method: text },
    });
    // The method is free text staff typed: the trail records only that proof was given.
    await audit(trx, request, AUDIT_ACTION.privacyPackageIdentityProved, auditActorOf(actor.principal), actor.request, {}, now);
    const proved = { ...sealed, identityProofMethod: text, identityProvedAt: now };
    if (!(await repository.findCurrentLink(trx, sealed.id))) await issueLink(trx, deps, actor, request, organization, proved, now);
    return proved;
  });
}

/** Withdraws the current link: it then answers as any invalid link does. */
export async function revokeLink(deps: Deps, actor: StaffActor, requestId: string): Promise<SealedPackage> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request } = await lockForStaff(trx, actor, requestId);
    const sealed = await packageOf(trx, request);
    const revoked = await repository.revokeCurrentLink(trx, sealed.id, now);
    if (!revoked) throw new DomainError('NO_LINK', 'This package has no link to revoke.', { field: 'id' });
    await recordRequestStep(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: 'PACKAGE_LINK_REVOKED',
      actor: actorOf(actor.principal),
      fromStatus: null,
      toStatus: null,
      public: true,
      details: {},
    });
    await audit(trx, request, AUDIT_ACTION.privacyPackageLinkRevoked, auditActorOf(actor.principal), actor.request, {}, now);
    return sealed;
  });
}

/** A fresh link with the full days and downloads, replacing the current one. */
export async function reissueLink(deps: Deps, actor: StaffActor, requestId: string): Promise<SealedPackage> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { request, organization } = await lockForStaff(trx, actor, requestId);
    const sealed = await packageOf(trx, request);
    await issueLink(trx, deps, actor, request, organization, sealed, now);
    return sealed;
  });
}

export interface PackageDownload {
  filename: string;
  contentType: string;
  content: string;
}

const LINK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One download by the holder of the status link. Every link that does not
 * deliver (unknown, malformed, of another request, expired, exhausted,
 * revoked, erased) answers the same null.
 */
export async function downloadPackage(
  deps: Pick<UseCaseContext, 'db' | 'clock' | 'packageKey'>,
  input: { statusToken: string; link: string; format: PackageFormat },
  auditRequest: AuditRequest,
): Promise<PackageDownload | null> {
  if (!LINK_ID.test(input.link)) return null;
  const view = await requesterView(deps, input.statusToken);
  if (!view) return null;
  const { request } = view;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const spent = await repository.spendDownload(trx, request.id, input.link, now);
    if (!spent) return null;
    const bytes = decryptPackage(deps.packageKey, spent.packageId, spent.ciphertext);
    const document = privacyPackageSchema.parse(JSON.parse(bytes.toString('utf8')));
    await recordRequestStep(trx, {
      requestId: request.id,
      organizationId: request.organizationId,
      occurredAt: now,
      kind: 'PACKAGE_DOWNLOADED',
      actor: { userId: null, label: 'requester' },
      fromStatus: null,
      toStatus: null,
      public: true,
      details: { format: input.format, downloads: spent.link.downloads },
    });
    await audit(
      trx,
      request,
      AUDIT_ACTION.privacyPackageDownloaded,
      { type: 'ANONYMOUS', id: null, label: 'requester' },
      withoutRequesterIdentity(auditRequest),
      {
        format: input.format,
        downloads: spent.link.downloads,
        maxDownloads: spent.link.maxDownloads,
      },
      now,
    );
    const base = `${request.reference}-data`;
    return input.format === 'JSON'
      ? { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', content: bytes.toString('utf8') }
      : { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: renderPackageHtml(document, sha256Hex(bytes)) };
  });
}

/** What the requester's status page shows of the package: its live link only. */
export interface RequesterPackage {
  sha256: string;
  sizeBytes: number;
  link: { id: string; expiresAt: Date; downloadsLeft: number } | null;
}

export async function packageForRequester(
  { db }: Pick<UseCaseContext, 'db'>,
  requestId: string,
  now: Date,
): Promise<RequesterPackage | null> {
  const sealed = await repository.findPackageOfRequest(db, requestId);
  if (!sealed) return null;
  const link = sealed.erasedAt ? null : await repository.findCurrentLink(db, sealed.id);
  const live = link && linkState(link, now) === 'LIVE';
  return {
    sha256: sealed.sha256,
    sizeBytes: sealed.sizeBytes,
    link: live ? { id: link.id, expiresAt: link.expiresAt, downloadsLeft: link.maxDownloads - link.downloads } : null,
  };
}

/** What staff see of a request's package and its current link. */
export interface StaffPackage {
  sealed: SealedPackage;
  link: (PackageLink & { state: ReturnType<typeof linkState> }) | null;
  identityProofRequired: boolean;
}

export async function packageForStaff(
  { db }: Pick<UseCaseContext, 'db'>,
  request: { id: string; organizationId: string },
  now: Date,
): Promise<StaffPackage | null> {
  const sealed = await repository.findPackageOfRequest(db, request.id);
  if (!sealed) return null;
  const link = await repository.findCurrentLink(db, sealed.id);
  const organization = await organizationWithId({ db }, request.organizationId);
  return {
    sealed,
    link: link ? { ...link, state: linkState(link, now) } : null,
    identityProofRequired: organization.packageIdentityProofRequired,
  };
}

/** The sealed package's hash and size, for the completion receipt; null when the request has none. */
export async function packageReceiptFacts(db: Db, requestId: string): Promise<{ sha256: string; sizeBytes: number } | null> {
  const sealed = await repository.findPackageOfRequest(db, requestId);
  return sealed ? { sha256: sealed.sha256, sizeBytes: sealed.sizeBytes } : null;
}
