// What subscribers of an organization's changes are told: the confirmation
// mail and the notice of an announced change. Every one carries its own
// one-click unsubscribe link, in the text and in the List-Unsubscribe header
// (RFC 8058). Pure: the services enqueue these in their transactions.
import {
  changesUrl,
  confirmSubscriptionUrl,
  organizationChangesUrl,
  subprocessorListUrl,
  subprocessorObjectionUrl,
  unsubscribeUrl,
  versionUrl,
} from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import type { AnnouncedChange, ChangeTopic } from './models.ts';

type MailOrganization = Pick<Organization, 'id' | 'slug' | 'name'>;

const dateOf = (instant: Date) => instant.toISOString().slice(0, 10);

const TOPIC_WORDS: Record<ChangeTopic, string> = {
  POLICIES: 'its policies',
  SUBPROCESSORS: 'its list of subprocessors',
};

export const topicsInWords = (topics: readonly ChangeTopic[]) => topics.map((topic) => TOPIC_WORDS[topic]).join(' and ');

export function unsubscribeLink(publicUrl: string, organization: MailOrganization, token: string): string {
  return `${publicUrl}${unsubscribeUrl(organization.slug)}?token=${token}`;
}

const footer = (organization: MailOrganization, unsubscribe: string) =>
  `\n\nYou receive this message because this address subscribed to changes of ${organization.name} on its governance portal.\n` +
  `To stop these messages, open this link and press "Unsubscribe":\n${unsubscribe}`;

export function confirmationMail(
  publicUrl: string,
  organization: MailOrganization,
  to: string,
  topics: readonly ChangeTopic[],
  secrets: { confirmationToken: string; unsubscribeToken: string },
  expiresAt: Date,
): OutboxMessage {
  const unsubscribe = unsubscribeLink(publicUrl, organization, secrets.unsubscribeToken);
  return {
    organizationId: organization.id,
    kind: 'SUBSCRIPTION_CONFIRMATION',
    to,
    subject: `Confirm that you want notices of changes from ${organization.name}`,
    text:
      `Someone asked to tell this address when ${organization.name} changes ${topicsInWords(topics)}.\n\n` +
      `To start receiving these notices, open this link and press "Confirm my subscription":\n` +
      `${publicUrl}${confirmSubscriptionUrl(organization.slug)}?token=${secrets.confirmationToken}\n\n` +
      `The link works until ${dateOf(expiresAt)}. If you did not ask for this, ignore this message: ` +
      'nothing is sent to this address unless it is confirmed, and the request is deleted.' +
      footer(organization, unsubscribe),
    listUnsubscribeUrl: unsubscribe,
  };
}

function noticeLinks(publicUrl: string, organization: MailOrganization, change: AnnouncedChange): string {
  if (change.topic === 'SUBPROCESSORS') {
    return (
      `Read the new list, with what changes:\n${publicUrl}${subprocessorListUrl(organization.slug, change.version)}\n\n` +
      `If you are a customer and object to this change, tell us before it takes effect:\n` +
      `${publicUrl}${subprocessorObjectionUrl(organization.slug, change.version)}`
    );
  }
  const version = `${publicUrl}${versionUrl(organization.slug, change.policySlug, change.version)}`;
  if (change.previousVersion === null) return `Read it:\n${version}`;
  return (
    `See what changes, line by line:\n${publicUrl}${changesUrl(organization.slug, change.policySlug, change.previousVersion, change.version)}\n\n` +
    `Read the whole new version:\n${version}`
  );
}

export function noticeMail(
  publicUrl: string,
  organization: MailOrganization,
  to: string,
  change: AnnouncedChange,
  unsubscribeToken: string,
): OutboxMessage {
  const unsubscribe = unsubscribeLink(publicUrl, organization, unsubscribeToken);
  const what =
    change.topic === 'POLICIES'
      ? `${organization.name} changes its ${change.policyTitle} (version ${change.version})`
      : `${organization.name} changes its list of subprocessors (version ${change.version})`;
  return {
    organizationId: organization.id,
    kind: 'CHANGE_NOTICE',
    to,
    subject: `${what}, from ${dateOf(change.effectiveAt)}`,
    text:
      `${what}. The change takes effect on ${dateOf(change.effectiveAt)}.\n\n` +
      `What changes, in ${organization.name}'s words:\n${change.summary}\n\n` +
      `${noticeLinks(publicUrl, organization, change)}\n\n` +
      `Every change of ${organization.name} is listed at ${publicUrl}${organizationChangesUrl(organization.slug)}` +
      footer(organization, unsubscribe),
    listUnsubscribeUrl: unsubscribe,
  };
}
