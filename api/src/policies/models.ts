export interface Contact {
  purpose: string;
  email: string;
}

/**
 * The one model of an organization, owned by the policies domain: every
 * other domain reads organizations through policies.service.ts. Only the
 * fields the GraphQL type exposes are public; the rest serve the domains
 * that act for the organization.
 */
export interface Organization {
  id: string;
  slug: string;
  name: string;
  website: string | null;
  contacts: Contact[];
  noticePeriodDays: number;
  /** Days between announcing a new or changed subprocessor and it taking effect. */
  subprocessorNoticeDays: number;
  /** Salt of the email hashes of its deletion requests: never published. */
  emailHashSalt: string;
  /** Days to answer a deletion request under no named regime. */
  deletionRequestDays: number;
  /** Its members must use two-step sign-in to reach its data (an admin's rule, enforced by auth). */
  secondFactorRequired: boolean;
  /** Staff must record proof of the requester's identity before a data package is released (CCPA §7062). */
  packageIdentityProofRequired: boolean;
}

export interface Policy {
  id: string;
  organizationId: string;
  slug: string;
  title: string;
}

export interface Section {
  id: string;
  title: string;
  level: number;
}

/** What identifies and dates a version; its text is `PolicyVersionContent`. */
export interface PolicyVersion {
  id: string;
  policyId: string;
  version: string;
  title: string;
  effectiveAt: Date;
  publishedAt: Date;
  summary: string;
  material: boolean;
  sha256: string;
}

/** The text of a version: immutable once published, so it may be cached forever. */
export interface PolicyVersionContent {
  body: string;
  html: string;
  sections: Section[];
}
