// The subscriptions domain's models: a person's subscription to an
// organization's changes, and the topics one can follow.
import type { ChangeSubscriptionStatus, ChangeTopic } from '@governance/db';

export type { ChangeSubscriptionStatus, ChangeTopic };

export const CHANGE_TOPICS: readonly ChangeTopic[] = ['POLICIES', 'SUBPROCESSORS'];

export interface ChangeSubscription {
  id: string;
  organizationId: string;
  status: ChangeSubscriptionStatus;
  /** Null once unsubscribed. */
  email: string | null;
  emailHash: string;
  topics: ChangeTopic[];
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
}

/** A change the sync just announced, of which every confirmed subscriber of its topic is told once. */
export type AnnouncedChange =
  | {
      topic: 'POLICIES';
      organizationId: string;
      policyVersionId: string;
      policySlug: string;
      policyTitle: string;
      version: string;
      /** The version it replaces, for the redline link; null for a policy's first version. */
      previousVersion: string | null;
      summary: string;
      effectiveAt: Date;
    }
  | {
      topic: 'SUBPROCESSORS';
      organizationId: string;
      listVersionId: string;
      version: string;
      summary: string;
      announcedAt: Date;
      effectiveAt: Date;
    };
