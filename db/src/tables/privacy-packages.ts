import type { ColumnType, Generated, Selectable } from 'kysely';

/** A sealed answer to an access or portability request: the hash and size stay, the ciphertext goes at erasure. */
export interface PrivacyRequestPackageTable {
  id: Generated<string>;
  request_id: string;
  organization_id: string;
  sealed_at: Date;
  sealed_by: string | null;
  /** SHA-256 of the package's RFC 8785 canonical JSON. */
  sha256: string;
  /** Bytes of that canonical JSON. */
  size_bytes: number;
  /** iv || tag || AES-256-GCM ciphertext; null once erased. */
  ciphertext: ColumnType<Buffer | null, Buffer, null>;
  erased_at: ColumnType<Date | null, never, Date>;
  identity_proof_method: ColumnType<string | null, never, string>;
  identity_proved_at: ColumnType<Date | null, never, Date>;
  identity_proved_by: ColumnType<string | null, never, string | null>;
}

/** A download link of a package, shown only on the request's status page. */
export interface PrivacyRequestPackageLinkTable {
  id: Generated<string>;
  package_id: string;
  issued_at: Date;
  issued_by: string | null;
  expires_at: Date;
  max_downloads: number;
  downloads: ColumnType<number, never, number>;
  first_downloaded_at: ColumnType<Date | null, never, Date>;
  revoked_at: ColumnType<Date | null, never, Date>;
}

export type PrivacyRequestPackageRow = Selectable<PrivacyRequestPackageTable>;
export type PrivacyRequestPackageLinkRow = Selectable<PrivacyRequestPackageLinkTable>;
