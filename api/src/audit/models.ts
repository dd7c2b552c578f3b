import type { AuditActorType } from '@governance/db';
import type { AuditAction } from './actions.ts';

export type { AuditActorType };

/** Who did something: a signed-in user, an API token, the system itself, or nobody known. */
export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  /** What a person reading the trail recognises: an email, a token name. */
  label: string | null;
}

/** Where a request came from; all optional (the system acts without one). */
export interface AuditRequest {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEventInput {
  /** null for events of no organization (a failed sign-in with an unknown email). */
  organizationId: string | null;
  actor: AuditActor;
  /** One of the registry's (actions.ts); no action name is built at run time. */
  action: AuditAction;
  target?: { type: string; id: string } | null;
  /** Never a secret: no passwords, no token values. */
  metadata?: Record<string, unknown>;
  request?: AuditRequest | null;
  occurredAt: Date;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'SYSTEM', id: null, label: 'system' };

/** A sealed event as the trail shows it. */
export interface AuditEvent {
  chain: string;
  seq: number;
  organizationId: string | null;
  /** As stored and hashed: UTC, microseconds. */
  occurredAt: string;
  actor: AuditActor;
  action: string;
  target: { type: string | null; id: string | null };
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** RFC 8785 canonical JSON, as stored and hashed. */
  metadata: string;
  prevHash: string;
  hash: string;
}

/** How far a chain is sealed: its last event, or seq 0 and the genesis hash when empty. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  eventsChecked: number;
  /** The first sequence number at which the chain is not what was sealed; null when ok. */
  firstBadSeq: number | null;
  reason: string | null;
}

/** Narrows the events of one organization; every part optional. */
export interface AuditEventFilter {
  /** A prefix of the dotted action: `policy` matches `policy.created` and `policy.version_published`. */
  action?: string | null;
  actorId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive. */
  to?: Date | null;
}
