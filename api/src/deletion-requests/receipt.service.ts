// Issues the signed receipt of a completed request, signed with the audit
// key whose public half the configuration publishes (trusted-keys.ts). One
// builder (receiptOf) assembles the document: what a kind adds to the
// receipt (a package's hash, correction decisions, retained items) is added
// there, and the signature covers whatever it holds.
import type { Db } from '@governance/db';
import type { SigningKey } from '../audit/signing-key.ts';
import type { Organization } from '../policies/models.ts';
import { policiesInForce } from '../policies/policies.service.ts';
import { packageReceiptFacts } from '../privacy-packages/packages.service.ts';
import type { DeletionRequest, SignedReceipt } from './models.ts';
import { type DeletionReceipt, privacyPolicyOf, RECEIPT_TYPE, type ReceiptPolicy, signReceipt } from './receipt.ts';

/** What the receipt states beyond the scope, by what the request asked for. */
export type ReceiptOutcomes = Pick<DeletionReceipt, 'corrections' | 'retained' | 'package'>;

export async function issueReceipt(
  db: Db,
  key: SigningKey,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  request: Pick<DeletionRequest, 'id' | 'reference' | 'jurisdiction' | 'receivedAt' | 'kinds'>,
  scope: { summary: string; systems: string[] },
  completedAt: Date,
  outcomes: ReceiptOutcomes = {},
): Promise<SignedReceipt> {
  const policies = await policiesInForce(db, organization.id, completedAt);
  // A package answering an access or portability request is sealed before completion; the receipt names it.
  const sealedPackage = await packageReceiptFacts(db, request.id);
  const stated: ReceiptOutcomes = sealedPackage ? { ...outcomes, package: sealedPackage } : outcomes;
  return signReceipt(receiptOf({ organization, request, scope, completedAt, policies, outcomes: stated }), key);
}

export interface ReceiptFacts {
  organization: Pick<Organization, 'slug' | 'name'>;
  request: Pick<DeletionRequest, 'reference' | 'jurisdiction' | 'receivedAt' | 'kinds'>;
  scope: { summary: string; systems: string[] };
  completedAt: Date;
  policies: ReceiptPolicy[];
  /** Correction decisions (field and outcome), what an erasure kept, and the sealed package's hash and size. */
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
    ...(outcomes.package ? { package: outcomes.package } : {}),
  };
}
