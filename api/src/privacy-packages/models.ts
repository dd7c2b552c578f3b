// Privacy-request packages as their services and schema see them.

/** A sealed package: what stays after erasure (hash, size) and what is known of its release. */
export interface SealedPackage {
  id: string;
  requestId: string;
  organizationId: string;
  sealedAt: Date;
  sha256: string;
  sizeBytes: number;
  /** When the retention rule erased its contents; null while it can be downloaded. */
  erasedAt: Date | null;
  identityProofMethod: string | null;
  identityProvedAt: Date | null;
}

export interface PackageLink {
  id: string;
  packageId: string;
  issuedAt: Date;
  expiresAt: Date;
  maxDownloads: number;
  downloads: number;
  firstDownloadedAt: Date | null;
  revokedAt: Date | null;
}

export type PackageFormat = 'JSON' | 'HTML';
