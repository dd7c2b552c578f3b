// What a person is told when an organization invites them. Pure: the users
// service enqueues these in the transaction that records the invitation.
// A new account's initial password goes only to the person (the outbox erases
// the body once it is delivered); an existing account is told of the
// invitation. Either way the access starts only when the person accepts it
// after signing in, so nobody joins an organization without knowing.

import type { OrganizationRole } from '@governance/policies/vocabulary/access';
import { dashboardUrl, signInUrl as signInPath } from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';

/** What a message says of its organization (policies' Organization model). */
type MailOrganization = Pick<Organization, 'id' | 'slug' | 'name'>;

const ROLE_NAMES: Record<OrganizationRole, string> = {
  ADMIN: 'an admin',
  PRIVACY_OFFICER: 'a privacy officer',
  AUDITOR: 'an auditor',
  VIEWER: 'a viewer',
};

const signInLink = (publicUrl: string, organization: MailOrganization) => `${publicUrl}${signInPath(dashboardUrl(organization.slug))}`;

const footer = (organization: MailOrganization) =>
  `\n\nIf you did not expect this, tell ${organization.name}'s administrators; you can ignore this message otherwise.`;

export function newAccountMail(
  publicUrl: string,
  organization: MailOrganization,
  person: { email: string; name: string },
  role: OrganizationRole,
  initialPassword: string,
): OutboxMessage {
  return {
    organizationId: organization.id,
    kind: 'STAFF_ACCOUNT',
    to: person.email,
    subject: `${organization.name}: your staff account`,
    text:
      `Hello ${person.name},\n\n${organization.name} invited you to its compliance dashboard as ${ROLE_NAMES[role]}.\n\n` +
      `Sign in at ${signInLink(publicUrl, organization)}\nwith this address and the initial password:\n\n${initialPassword}\n\n` +
      `then accept the invitation on the dashboard's first page.\n\n` +
      `This message is the only copy of the password: nobody else was shown it, and only its hash is stored.${footer(organization)}`,
  };
}

export function addedToOrganizationMail(
  publicUrl: string,
  organization: MailOrganization,
  person: { email: string; name: string },
  role: OrganizationRole,
): OutboxMessage {
  return {
    organizationId: organization.id,
    kind: 'STAFF_MEMBERSHIP',
    to: person.email,
    subject: `${organization.name}: you were invited to its staff`,
    text:
      `Hello ${person.name},\n\n${organization.name} invited you to its compliance dashboard as ${ROLE_NAMES[role]}.\n\n` +
      `Sign in as usual, with your existing password, and accept or decline the invitation on the dashboard's first page: ` +
      `${signInLink(publicUrl, organization)}\n\nNothing changes for you until you accept.${footer(organization)}`,
  };
}
