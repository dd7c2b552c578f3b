// Issues the signed receipt of a completed request, signed with the audit
// key whose public half the configuration publishes (trusted-keys.ts).
import type { Db } from '@governance/db';
import type { SigningKey } from '../audit/signing-key.ts';
import type { Organization } from '../policies/models.ts';
import { policiesInForce } from '../policies/policies.service.ts';
import { packageReceiptFacts } from '../privacy-packages/packages.service.ts';
import type { DeletionRequest, SignedReceipt } from './models.ts';
import { privacyPolicyOf, RECEIPT_TYPE, signReceipt } from './receipt.ts';

export async function issueReceipt(
  db: Db,
  key: SigningKey,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  request: Pick<DeletionRequest, 'id' | 'reference' | 'jurisdiction' | 'receivedAt'>,
  scope: { summary: string; systems: string[] },
  completedAt: Date,
): Promise<SignedReceipt> {
  const policies = await policiesInForce(db, organization.id, completedAt);
  const sealedPackage = await packageReceiptFacts(db, request.id);
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
      ...(sealedPackage ? { package: sealedPackage } : {}),
    },
    key,
  );
}
