import type { AuditActorType } from '@governance/db';

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
  /** Dotted, lower case: `policy.version.published`, `auth.login.failed`. */
  action: string;
  target?: { type: string; id: string } | null;
  /** Never a secret: no passwords, no token values. */
  metadata?: Record<string, unknown>;
  request?: AuditRequest | null;
  occurredAt: Date;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'SYSTEM', id: null, label: 'system' };
