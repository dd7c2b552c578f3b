// The facts a package carries beside the data, generated (never typed) and
// pinned to the instant it is sealed: the public retention schedule, the
// privacy policy in force, the recipients register in force, and the rights
// and complaint route. Each comes from what the product already publishes;
// what the organization does not state is said to be unstated, never filled in.

import type { Db } from '@governance/db';
import { versionUrl } from '@governance/policies/vocabulary/urls';
import { privacyPolicyOf } from '../deletion-requests/receipt.ts';
import type { Contact, Organization } from '../policies/models.ts';
import { policiesInForce } from '../policies/policies.service.ts';
import { publicSchedule } from '../retention/retention.service.ts';
import { listInForceAt } from '../subprocessors/subprocessors.service.ts';
import { createRequestLoaders } from '../use-case-context.ts';
import type { PrivacyPackage } from './package-document.ts';

type Facts = Pick<PrivacyPackage, 'retention' | 'privacyPolicy' | 'recipients' | 'rights'>;

export async function packageFacts(
  db: Db,
  publicUrl: string,
  organization: Pick<Organization, 'id' | 'slug' | 'name' | 'contacts'>,
  jurisdiction: string,
  at: Date,
): Promise<Facts> {
  const loaders = createRequestLoaders(db);
  const schedule = await publicSchedule({ db, loaders }, organization.slug, at);
  const policy = privacyPolicyOf(await policiesInForce(db, organization.id, at));
  const list = await listInForceAt({ loaders, now: at }, organization.id, at);
  return {
    retention: {
      at: at.toISOString(),
      schedule: (schedule?.entries ?? []).map((entry) => ({
        category: entry.category,
        description: entry.description,
        period: entry.period,
        periodDescription: entry.periodDescription,
        justification: entry.justification,
        trigger: entry.trigger,
        action: entry.action,
        legalBasis: entry.legalBasis,
      })),
    },
    privacyPolicy: policy
      ? {
          title: policy.title,
          version: policy.version,
          sha256: policy.sha256,
          url: `${publicUrl}${versionUrl(organization.slug, policy.slug, policy.version)}`,
        }
      : null,
    recipients: list
      ? {
          version: list.version,
          effectiveAt: list.effectiveAt.toISOString(),
          sha256: list.sha256,
          entries: list.entries.map((entry) => ({
            name: entry.name ?? null,
            category: entry.category ?? null,
            purpose: entry.purpose,
            role: entry.role,
            dataCategories: entry.dataCategories ?? null,
            locations: entry.locations ?? null,
          })),
        }
      : null,
    rights: rightsOf(organization, jurisdiction),
  };
}

/** The contacts the organization published for privacy matters: their purpose speaks of privacy, data or requests. */
export function privacyContactsOf(contacts: readonly Contact[]): Contact[] {
  return contacts.filter((contact) => /privacy|data|request|complain/i.test(contact.purpose));
}

/** What the law gives the requester (statute, not the organization's word), and where to complain as the organization published it. */
export function rightsOf(organization: Pick<Organization, 'name' | 'contacts'>, jurisdiction: string): Facts['rights'] {
  const contacts = privacyContactsOf(organization.contacts).map(({ purpose, email }) => ({ purpose, email }));
  const statements =
    jurisdiction === 'GDPR'
      ? [
          'Under the GDPR you may ask for access to your personal data (Art. 15), its correction (Art. 16), its erasure (Art. 17), the restriction of its processing (Art. 18) and a copy in a machine-readable form (Art. 20), and you may object to its processing (Art. 21).',
          'You may lodge a complaint with a data protection supervisory authority, in particular in the member state where you live, where you work or where the alleged infringement took place (Art. 77).',
        ]
      : jurisdiction === 'CCPA'
        ? [
            'Under the CCPA you may ask to know, delete and correct the personal information a business collected about you, and opt out of its sale or sharing, without being treated differently for doing so (Cal. Civ. Code §§ 1798.100–1798.125).',
          ]
        : [`This request was made under no named regime; ${organization.name} answered it under its own terms.`];
  const statement =
    contacts.length > 0
      ? `To question or complain about how ${organization.name} handled this request, write to the contact${contacts.length > 1 ? 's' : ''} listed here.`
      : `${organization.name} has not published a contact for questions or complaints about privacy requests.`;
  return { statements, complaintRoute: { contacts, statement } };
}
