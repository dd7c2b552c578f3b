// The deletion-request domain as its services and schema files see it:
// camelCase, dates as Dates, JSON columns already parsed. The repositories
// map rows to these at their edge (mappers.ts); nothing above them reads a row.
import type { DeletionRequestEventKind, OrganizationRole } from '@governance/db';
import type { Jurisdiction } from '@governance/policies/vocabulary/intake-messages';
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import type { Extension, Hold } from './deadline.ts';
import type { Status } from './lifecycle.ts';

export type { Extension, Hold, Jurisdiction, PrivacyRequestKind, Status };

export type RejectionCategory = 'UNVERIFIABLE' | 'EXEMPT' | 'EXCESSIVE' | 'DUPLICATE' | 'OTHER';

/** What was deleted, and from where, as staff stated on completion. */
export interface Completion {
  summary: string;
  systems: string[];
}

/** The completion receipt as issued: the signed document is kept exactly as it was signed. */
export interface SignedReceipt {
  receipt: Record<string, unknown>;
  signature: { algorithm: 'Ed25519'; publicKeyId: string; value: string };
}

export interface DeletionRequest {
  id: string;
  organizationId: string;
  /** Public, e.g. DR-2026-7K3Q9. */
  reference: string;
  /** What the requester typed, hashed: tells a retry from a different request under the same idempotency key. */
  inputHash: string;
  /** Personal data: null once erased. */
  email: string | null;
  name: string | null;
  accountIdentifier: string | null;
  details: string | null;
  jurisdiction: Jurisdiction;
  /** What the person asked for, in the vocabulary's order: at least one kind, each at most once. */
  kinds: PrivacyRequestKind[];
  status: Status;
  /** Set while ON_HOLD: where RESUME returns the request to. */
  statusBeforeHold: Status | null;
  /** An earlier open request of the same email address. */
  duplicateOf: string | null;
  receivedAt: Date;
  verifiedAt: Date | null;
  /** Bumped by every change; a change must name the version it read. */
  version: number;
  /** The last instant the request is on time, as stored by its last change. */
  dueAt: Date;
  assigneeId: string | null;
  holds: Hold[];
  extension: Extension | null;
  closedAt: Date | null;
  rejectionCategory: RejectionCategory | null;
  /** Why it was rejected or cancelled; shown to the requester. */
  outcomeReason: string | null;
  completion: Completion | null;
  receipt: SignedReceipt | null;
  personalDataErasedAt: Date | null;
}

/** A request as staff see it in the queue and on its screen, with the names that screen shows. */
export interface StaffRequest extends DeletionRequest {
  organizationSlug: string;
  /** The organization's deadline, in days, for requests under no named regime. */
  otherDays: number;
  assignee: { id: string; name: string } | null;
  /** The earlier request this one duplicates, by its public reference. */
  duplicate: { id: string; reference: string } | null;
}

/**
 * A staff request as the deletion-request tables hold it: the organization's
 * attributes (slug, deadline) are the policies domain's, added by the service.
 */
export type StaffRequestRecord = Omit<StaffRequest, 'organizationSlug' | 'otherDays'>;

/** The change a use case makes to a request; the version is bumped by the repository. */
export type DeletionRequestChange = Partial<
  Pick<
    DeletionRequest,
    | 'status'
    | 'statusBeforeHold'
    | 'verifiedAt'
    | 'dueAt'
    | 'assigneeId'
    | 'holds'
    | 'extension'
    | 'closedAt'
    | 'rejectionCategory'
    | 'outcomeReason'
    | 'completion'
    | 'receipt'
  >
>;

/** A submission as intake stores it: only hashes of the tokens the requester is sent. */
export interface NewDeletionRequest {
  organizationId: string;
  reference: string;
  idempotencyKey: string;
  inputHash: string;
  email: string;
  name: string;
  accountIdentifier: string | null;
  details: string | null;
  /** The salted hash of the normalised email: finds duplicates, and stays after erasure. */
  emailHash: string;
  jurisdiction: Jurisdiction;
  kinds: PrivacyRequestKind[];
  duplicateOf: string | null;
  verificationTokenHash: string;
  statusTokenHash: string;
  receivedAt: Date;
  dueAt: Date;
}

/** The kinds of timeline step: the database's own list, so a new kind is added in one place. */
export type TimelineKind = DeletionRequestEventKind;

/** One step in the life of a request, with the words it carries (which ones depends on its kind). */
export interface TimelineEntry {
  id: string;
  occurredAt: Date;
  kind: TimelineKind;
  /** 'requester', 'system', or the staff member's name. */
  actor: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  /** Shown on the requester's status page. */
  public: boolean;
  /** The text of a NOTE. */
  note: string | null;
  /** The reason given; for a HELD step, what kind of hold (IDENTITY_PROOF or OTHER). */
  reason: string | null;
  /** What a HELD step waits for. */
  message: string | null;
  /** By how much an EXTENDED step moved the deadline: months for GDPR, days for CCPA. */
  extension: { amount: number; unit: string } | null;
  /** Whom an ASSIGNED step gave the request to, by the name they had then; null for nobody. */
  assigneeName: string | null;
}

/** A step to record. `details` are the facts its kind carries, stored as given. */
export interface NewTimelineEntry {
  requestId: string;
  organizationId: string;
  occurredAt: Date;
  kind: TimelineKind;
  actor: { userId: string | null; label: string };
  fromStatus: Status | null;
  toStatus: Status | null;
  public: boolean;
  details?: Record<string, unknown>;
}

/** An open request near its deadline, with the organization its reminder names. */
export interface DueRequest {
  id: string;
  reference: string;
  dueAt: Date;
  status: Status;
  assigneeId: string | null;
  organizationId: string;
}

/** A staff member who may sign in, in one organization. */
export interface ActiveStaffMember {
  id: string;
  email: string;
  name: string;
  organizationId: string;
  role: OrganizationRole;
}

/** Transparency figures for a calendar year (UTC): counts and durations, never personal data. */
export interface YearFigures {
  received: number;
  completed: number;
  rejected: number;
  cancelled: number;
  expired: number;
  open: number;
  rejectedByCategory: { category: RejectionCategory; count: number }[];
  /** Over requests completed or rejected (the ones answered). */
  medianDaysToClose: number | null;
  p90DaysToClose: number | null;
  closedOnTimeShare: number | null;
}
