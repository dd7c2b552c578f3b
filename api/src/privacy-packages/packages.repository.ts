// All SQL of privacy-request packages and their download links. Functions
// take a Kysely handle, which may be a transaction, and return models.
import type { Database, PrivacyRequestPackageLinkRow, PrivacyRequestPackageRow } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import type { PackageLink, SealedPackage } from './models.ts';

type Executor = Kysely<Database>;

const toPackage = (row: Omit<PrivacyRequestPackageRow, 'ciphertext'>): SealedPackage => ({
  id: row.id,
  requestId: row.request_id,
  organizationId: row.organization_id,
  sealedAt: row.sealed_at,
  sha256: row.sha256,
  sizeBytes: row.size_bytes,
  erasedAt: row.erased_at,
  identityProofMethod: row.identity_proof_method,
  identityProvedAt: row.identity_proved_at,
});

const toLink = (row: PrivacyRequestPackageLinkRow): PackageLink => ({
  id: row.id,
  packageId: row.package_id,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
  maxDownloads: row.max_downloads,
  downloads: row.downloads,
  firstDownloadedAt: row.first_downloaded_at,
  revokedAt: row.revoked_at,
});

const PACKAGE_COLUMNS = [
  'id',
  'request_id',
  'organization_id',
  'sealed_at',
  'sealed_by',
  'sha256',
  'size_bytes',
  'erased_at',
  'identity_proof_method',
  'identity_proved_at',
  'identity_proved_by',
] as const;

export async function insertPackage(
  db: Executor,
  row: {
    id: string;
    requestId: string;
    organizationId: string;
    sealedAt: Date;
    sealedBy: string | null;
    sha256: string;
    sizeBytes: number;
    ciphertext: Buffer;
  },
): Promise<SealedPackage | null> {
  const inserted = await db
    .insertInto('privacy_request_package')
    .values({
      id: row.id,
      request_id: row.requestId,
      organization_id: row.organizationId,
      sealed_at: row.sealedAt,
      sealed_by: row.sealedBy,
      sha256: row.sha256,
      size_bytes: row.sizeBytes,
      ciphertext: row.ciphertext,
    })
    // One package per request: a second seal finds the first.
    .onConflict((conflict) => conflict.column('request_id').doNothing())
    .returning(PACKAGE_COLUMNS)
    .executeTakeFirst();
  return inserted ? toPackage(inserted) : null;
}

export async function findPackageOfRequest(db: Executor, requestId: string): Promise<SealedPackage | null> {
  const row = await db.selectFrom('privacy_request_package').select(PACKAGE_COLUMNS).where('request_id', '=', requestId).executeTakeFirst();
  return row ? toPackage(row) : null;
}

export async function findPackagesOfRequests(db: Executor, requestIds: readonly string[]): Promise<SealedPackage[]> {
  if (requestIds.length === 0) return [];
  return (await db.selectFrom('privacy_request_package').select(PACKAGE_COLUMNS).where('request_id', 'in', requestIds).execute()).map(
    toPackage,
  );
}

export async function findCiphertext(db: Executor, packageId: string): Promise<Buffer | null> {
  const row = await db.selectFrom('privacy_request_package').select('ciphertext').where('id', '=', packageId).executeTakeFirst();
  return row?.ciphertext ?? null;
}

export async function recordIdentityProof(db: Executor, packageId: string, method: string, at: Date, by: string | null): Promise<boolean> {
  const result = await db
    .updateTable('privacy_request_package')
    .set({ identity_proof_method: method, identity_proved_at: at, identity_proved_by: by })
    .where('id', '=', packageId)
    .where('identity_proved_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The link staff have not revoked, if any (expired and exhausted ones included). */
export async function findCurrentLink(db: Executor, packageId: string): Promise<PackageLink | null> {
  const row = await db
    .selectFrom('privacy_request_package_link')
    .selectAll()
    .where('package_id', '=', packageId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

export async function revokeCurrentLink(db: Executor, packageId: string, at: Date): Promise<PackageLink | null> {
  const row = await db
    .updateTable('privacy_request_package_link')
    .set({ revoked_at: at })
    .where('package_id', '=', packageId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

export async function insertLink(
  db: Executor,
  link: { packageId: string; issuedAt: Date; issuedBy: string | null; expiresAt: Date; maxDownloads: number },
): Promise<PackageLink> {
  const row = await db
    .insertInto('privacy_request_package_link')
    .values({
      package_id: link.packageId,
      issued_at: link.issuedAt,
      issued_by: link.issuedBy,
      expires_at: link.expiresAt,
      max_downloads: link.maxDownloads,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLink(row);
}

/**
 * Spends one download of a live link of the request's package, in one
 * statement: concurrent downloads serialise on the row, and the last
 * allowed one is the last that succeeds. Null for a link that is unknown,
 * of another request, revoked, expired, exhausted, or whose package is erased.
 */
export async function spendDownload(
  db: Executor,
  requestId: string,
  linkId: string,
  now: Date,
): Promise<{ link: PackageLink; packageId: string; ciphertext: Buffer } | null> {
  const row = await db
    .updateTable('privacy_request_package_link as link')
    .from('privacy_request_package as package')
    .set({ downloads: sql`link.downloads + 1`, first_downloaded_at: sql`coalesce(link.first_downloaded_at, ${now})` })
    .whereRef('package.id', '=', 'link.package_id')
    .where('package.request_id', '=', requestId)
    .where('link.id', '=', linkId)
    .where('link.revoked_at', 'is', null)
    .where('link.expires_at', '>', now)
    .whereRef('link.downloads', '<', 'link.max_downloads')
    .where('package.ciphertext', 'is not', null)
    .returningAll('link')
    .returning('package.ciphertext as ciphertext')
    .executeTakeFirst();
  if (!row?.ciphertext) return null;
  const { ciphertext, ...link } = row;
  return { link: toLink(link as PrivacyRequestPackageLinkRow), packageId: link.package_id, ciphertext };
}

/**
 * When a package's retention clock starts: its current link's first download
 * (delivery) or its expiry, whichever comes first, or its revocation; a
 * package never released counts from its sealing.
 */
const clockStart = sql<Date>`coalesce(
  (select least(coalesce(link.first_downloaded_at, link.expires_at), link.expires_at, coalesce(link.revoked_at, 'infinity'))
     from privacy_request_package_link link where link.package_id = package.id order by link.issued_at desc limit 1),
  package.sealed_at)`;

export async function countErasableDue(db: Executor, organizationId: string, cutoff: Date): Promise<number> {
  const row = await db
    .selectFrom('privacy_request_package as package')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('package.organization_id', '=', organizationId)
    .where('package.erased_at', 'is', null)
    .where(clockStart, '<', cutoff)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Erases the ciphertext of up to `limit` due packages; the hash and size stay. Returns the erased packages. */
export async function eraseDueBatch(
  db: Executor,
  organizationId: string,
  cutoff: Date,
  now: Date,
  limit: number,
): Promise<{ id: string; requestId: string }[]> {
  const due = db
    .selectFrom('privacy_request_package as package')
    .select('package.id')
    .where('package.organization_id', '=', organizationId)
    .where('package.erased_at', 'is', null)
    .where(clockStart, '<', cutoff)
    .orderBy('package.sealed_at')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await db
    .updateTable('privacy_request_package')
    .set({ ciphertext: null, erased_at: now })
    .where('id', 'in', due)
    .returning(['id', 'request_id'])
    .execute();
  return rows.map((row) => ({ id: row.id, requestId: row.request_id }));
}
