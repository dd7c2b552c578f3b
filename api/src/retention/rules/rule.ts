// What a built-in retention rule is: a data category of the product's own,
// bound to the query that finds what has outlived its period and to the
// action that removes it, one bounded batch at a time. The domain that owns
// the data writes the rule, in its `<domain>/retention-rules.ts`, typed with
// this interface (see deletion-requests/retention-rules.ts); its SQL stays in
// that domain's repository. The registry (index.ts) lists every rule.
import type { Database, Db, RetentionAction } from '@governance/db';
import type { Kysely } from 'kysely';
import type { SigningKey } from '../../audit/signing-key.ts';
import type { Clock } from '../../shared/clock.ts';

export interface RuleContext {
  /** The application's pool (counts, and work after a batch commits). */
  db: Db;
  clock: Clock;
  organizationId: string;
  /** Items whose clock started before this instant are due. */
  cutoff: Date;
  /** When the batch runs: the time written on what it changes. */
  now: Date;
  /** The period applied, as set (e.g. P30D). */
  period: string;
  /** Signs the record of an audit-trail purge; null where none is configured. */
  signingKey: SigningKey | null;
  /** Where mail is written as files without SMTP (DATA_DIR/mail), so their copies go with their rows; null: none. */
  mailDirectory: string | null;
}

export interface BatchResult {
  /** Items removed or changed by this batch. */
  count: number;
  /** Whether another batch may find more. */
  more: boolean;
  /** Work to do once the batch has committed (the audit-trail rule seals its record). */
  afterCommit?: () => Promise<void>;
}

export interface RetentionRule {
  /** The data category (a slug) whose setting drives the rule. */
  category: string;
  /** Names what the rule does, in run records and audit events. */
  name: string;
  /** What a setting for this category must say happens, since it is what the rule does. */
  action: RetentionAction;
  /** What happened to the items counted: "3 deleted", "2 expired". */
  outcome: 'deleted' | 'anonymized' | 'expired';
  /** Applied when the organization has no setting for the category; null: kept until a setting exists. */
  defaultPeriod: string | null;
  /** One sentence for people: which data, when its clock starts, what happens. */
  summary: string;
  /** How many items are due at the cutoff: what a run would act on (a dry run reports it). */
  countDue(context: RuleContext): Promise<number>;
  /** Acts on up to `limit` due items inside the sweep's transaction. */
  runBatch(trx: Kysely<Database>, context: RuleContext, limit: number): Promise<BatchResult>;
}
