// The mail that tells a requester their data is ready: where to get it and
// until when, never the data itself, and no link that carries a secret (the
// status page, opened from the earlier mail or with the status code, is the
// only door).
import { statusUrl } from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import type { PackageLink } from './models.ts';

export function packageReadyMail(
  publicUrl: string,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  request: { reference: string; email: string },
  link: Pick<PackageLink, 'expiresAt' | 'maxDownloads'>,
): OutboxMessage {
  const page = `${publicUrl}${statusUrl(organization.slug)}`;
  return {
    organizationId: organization.id,
    kind: 'PACKAGE_READY',
    to: request.email,
    subject: `Your data from ${organization.name} is ready (${request.reference})`,
    text:
      `${organization.name} has answered your request ${request.reference} with a copy of your data.\n\n` +
      `Download it from the status page of your request, with the link from the email that confirmed it, or at\n${page}\n` +
      `with the reference and the status code from that email. Press "Download your data" there.\n\n` +
      `The download works until ${link.expiresAt.toISOString().slice(0, 10)} (UTC) and at most ${link.maxDownloads} times. ` +
      'For your privacy this email does not contain the data.',
  };
}
