// Where confirming an email address leads. A request confirmed just now (or
// confirmed but not yet picked up) shows the confirmation page. One that has
// moved on since, because the first mail's link was opened again weeks later,
// goes to the status page, which says where it stands rather than thanking
// the person for a confirmation that happened long ago.
import { statusUrl, verifiedUrl } from '@governance/policies/vocabulary/urls';

export function afterConfirmationUrl(organization: string, confirmed: { reference: string; status: string }): string {
  const reference = `?reference=${encodeURIComponent(confirmed.reference)}`;
  return confirmed.status === 'VERIFIED' ? `${verifiedUrl(organization)}${reference}` : `${statusUrl(organization)}${reference}`;
}
