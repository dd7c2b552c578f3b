// Issues the signed receipt of a completed request, signed with the audit
// key whose public half the configuration publishes (trusted-keys.ts). One
// builder (receiptOf) assembles the document: what a kind adds to the
// receipt (a package's hash, correction decisions, retained items) is added
// there, and the signature covers whatever it holds.
import type { Db } from '@governance/db';
import type { SigningKey } from '../audit/signing-key.ts';
import type { Organization } from '../policies/models.ts';
import { policiesInForce } from '../policies/policies.service.ts';
import type { DeletionRequest, SignedReceipt } from './models.ts';
import { type DeletionReceipt, privacyPolicyOf, RECEIPT_TYPE, type ReceiptPolicy, signReceipt } from './receipt.ts';

/** What the receipt states beyond the scope, by what the request asked for. */
export type ReceiptOutcomes = Pick<DeletionReceipt, 'corrections' | 'retained'>;

export async function issueReceipt(
  db: Db,
  key: SigningKey,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  request: Pick<DeletionRequest, 'reference' | 'jurisdiction' | 'receivedAt' | 'kinds'>,
  scope: { summary: string; systems: string[] },
  completedAt: Date,
  outcomes: ReceiptOutcomes = {},
): Promise<SignedReceipt> {
  const policies = await policiesInForce(db, organization.id, completedAt);
  return signReceipt(receiptOf({ organization, request, scope, completedAt, policies, outcomes }), key);
}

export interface ReceiptFacts {
  organization: Pick<Organization, 'slug' | 'name'>;
  request: Pick<DeletionRequest, 'reference' | 'jurisdiction' | 'receivedAt' | 'kinds'>;
  scope: { summary: string; systems: string[] };
  completedAt: Date;
  policies: ReceiptPolicy[];
  /** Correction decisions (field and outcome) and what an erasure kept. */
  outcomes?: ReceiptOutcomes;
}

/** The receipt's document, from the facts of the completion: the one place its fields are chosen. */
export function receiptOf({ organization, request, scope, completedAt, policies, outcomes = {} }: ReceiptFacts): DeletionReceipt {
  return {
    type: RECEIPT_TYPE,
    version: 1,
    reference: request.reference,
    organization: { slug: organization.slug, name: organization.name },
    jurisdiction: request.jurisdiction,
    kinds: [...request.kinds],
    receivedAt: request.receivedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    scope,
    privacyPolicy: privacyPolicyOf(policies),
    policiesInForce: policies,
    ...(outcomes.corrections ? { corrections: outcomes.corrections } : {}),
    ...(outcomes.retained ? { retained: outcomes.retained } : {}),
  };
}
