// Issues the signed receipt of a completed request. The key is published
// (in the same transaction) before the receipt can leave the building.
import type { Db, DeletionRequestRow, SignedReceiptJson } from '@governance/db';
import { registerSigningKey } from '../audit/audit-checkpoint.service.ts';
import type { SigningKey } from '../audit/signing-key.ts';
import { policiesInForce } from '../policies/policies.service.ts';
import type { IntakeOrganization } from './deletion-requests.repository.ts';
import { privacyPolicyOf, RECEIPT_TYPE, signReceipt } from './receipt.ts';

export async function issueReceipt(
  db: Db,
  key: SigningKey,
  organization: IntakeOrganization,
  request: DeletionRequestRow,
  scope: { summary: string; systems: string[] },
  completedAt: Date,
): Promise<SignedReceiptJson> {
  await registerSigningKey(db, key);
  const policies = await policiesInForce(db, organization.id, completedAt);
  return signReceipt(
    {
      type: RECEIPT_TYPE,
      version: 1,
      reference: request.reference,
      organization: { slug: organization.slug, name: organization.name },
      jurisdiction: request.jurisdiction,
      receivedAt: request.received_at.toISOString(),
      completedAt: completedAt.toISOString(),
      scope,
      privacyPolicy: privacyPolicyOf(policies),
      policiesInForce: policies,
    },
    key,
  );
}
