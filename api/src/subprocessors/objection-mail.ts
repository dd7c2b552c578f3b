// The one mail an objector receives: the link that confirms the address, so
// an objection counts only when it comes from someone who reads that inbox.
// The token rides in the query so the page works without JavaScript; the
// page confirms only when its button is pressed, so a mail scanner opening
// the link confirms nothing. Pure: the service enqueues it in its transaction.
import { subprocessorObjectionVerifyUrl } from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';

export function objectionVerificationMail(
  publicUrl: string,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  objection: { email: string; version: string; effectiveAt: Date },
  token: string,
): OutboxMessage {
  const link = `${publicUrl}${subprocessorObjectionVerifyUrl(organization.slug, token)}`;
  const effective = objection.effectiveAt.toISOString().slice(0, 10);
  return {
    organizationId: organization.id,
    kind: 'OBJECTION_VERIFICATION',
    to: objection.email,
    subject: `Confirm your objection to ${organization.name}'s subprocessor change`,
    text:
      `${organization.name} received an objection from ${objection.email} to version ${objection.version} of its subprocessor list, ` +
      `which takes effect on ${effective}.\n\n` +
      `Your objection counts only once you confirm this address. Open this page and press "Confirm my objection" before ${effective}:\n` +
      `${link}\n\n` +
      'If you did not object, ignore this message: nothing happens until the address is confirmed, and the objection is deleted after a few days.',
  };
}
