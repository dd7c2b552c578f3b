import type { Generated, Selectable } from 'kysely';

export type AuditActorType = 'USER' | 'API_TOKEN' | 'SYSTEM' | 'ANONYMOUS';

/** Columns an event carries before and after sealing. */
interface AuditEventColumns {
  organization_id: string | null;
  /** UTC, microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ`: stored exactly as hashed. */
  occurred_at: string;
  actor_type: AuditActorType;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** RFC 8785 canonical JSON: stored exactly as hashed. */
  metadata: string;
}

/** An event committed with its change and waiting for the sealer. */
export interface AuditEventPendingTable extends AuditEventColumns {
  id: Generated<string>;
}

/** A sealed event: append-only, chained per organization. */
export interface AuditEventTable extends AuditEventColumns {
  /** The organization's id, or 'site' for events of no organization. */
  chain: string;
  seq: string;
  prev_hash: string;
  hash: string;
  sealed_at: Generated<Date>;
}

export type AuditEventPendingRow = Selectable<AuditEventPendingTable>;
export type AuditEventRow = Selectable<AuditEventTable>;

/**
 * Public keys the application recorded before trust moved to configuration
 * (migration 2026_12_01_0200): a historical record, read-only for the
 * application, that nothing trusts. Published and trusted keys come from
 * AUDIT_SIGNING_KEY and AUDIT_RETIRED_PUBLIC_KEYS.
 */
export interface AuditSigningKeyTable {
  /** SHA-256 (hex) of the DER SubjectPublicKeyInfo. */
  id: string;
  algorithm: 'Ed25519';
  public_key_pem: string;
  created_at: Generated<Date>;
}

/** A signed statement that a chain's event `seq` has hash `hash`: append-only. */
export interface AuditCheckpointTable {
  chain: string;
  seq: string;
  hash: string;
  /** UTC, microseconds, as signed. */
  signed_at: string;
  /** Base64 Ed25519 signature of canonicalize({chain, seq, hash, signedAt}). */
  signature: string;
  /** The signer's key id: data, not a reference; trusted only if configured. */
  public_key_id: string;
  created_at: Generated<Date>;
}

export type AuditCheckpointRow = Selectable<AuditCheckpointTable>;
export type AuditSigningKeyRow = Selectable<AuditSigningKeyTable>;
