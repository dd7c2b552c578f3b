// Issues the signed receipt of a completed request, signed with the audit
// key whose public half the configuration publishes (trusted-keys.ts).
import type { Db } from '@governance/db';
import type { SigningKey } from '../audit/signing-key.ts';
import type { Organization } from '../policies/models.ts';
import { policiesInForce } from '../policies/policies.service.ts';
import type { DeletionRequest, SignedReceipt } from './models.ts';
import { type DeletionReceipt, privacyPolicyOf, RECEIPT_TYPE, signReceipt } from './receipt.ts';

/** What the receipt states beyond the scope, by what the request asked for. */
export type ReceiptOutcomes = Pick<DeletionReceipt, 'corrections' | 'retained'>;

export async function issueReceipt(
  db: Db,
  key: SigningKey,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  request: Pick<DeletionRequest, 'reference' | 'jurisdiction' | 'receivedAt'>,
  scope: { summary: string; systems: string[] },
  completedAt: Date,
  outcomes: ReceiptOutcomes = {},
): Promise<SignedReceipt> {
  const policies = await policiesInForce(db, organization.id, completedAt);
  return signReceipt(
    {
      type: RECEIPT_TYPE,
      version: 1,
      reference: request.reference,
      organization: { slug: organization.slug, name: organization.name },
      jurisdiction: request.jurisdiction,
      receivedAt: request.receivedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      scope,
      privacyPolicy: privacyPolicyOf(policies),
      policiesInForce: policies,
      ...(outcomes.corrections ? { corrections: outcomes.corrections } : {}),
      ...(outcomes.retained ? { retained: outcomes.retained } : {}),
    },
    key,
  );
}
