// What the requester is told, and when: the text of each message. Tokens ride
// in the URL fragment, so they never reach a server log or a Referer header;
// the pages read them with a script, and the message also gives the bare
// code for pasting. Pure: the services enqueue these in their transactions.
import {
  CORRECTION_DECISION_LABELS,
  type CorrectionDecision,
  RETENTION_BASIS_LABELS,
} from '@governance/policies/vocabulary/privacy-request-items';
import { kindsPhrase, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { auditCheckpointsUrl, statusUrl, verifyUrl } from '@governance/policies/vocabulary/urls';
import type { OutboxMessage } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import type { SignedReceipt } from './models.ts';
import type { RetainedItem } from './retained-items.ts';
import { groupedShortCode } from './short-code.ts';

/** What a message says of its organization (policies' Organization model). */
type MailOrganization = Pick<Organization, 'id' | 'slug' | 'name'>;

export interface MailRequest {
  reference: string;
  email: string;
  /** What was asked; absent means deletion (requests made before kinds). */
  kinds?: readonly PrivacyRequestKind[];
}

const onlyDeletion = (request: MailRequest) => !request.kinds || request.kinds.join() === 'DELETION';

/**
 * What the messages call the request. A deletion alone keeps the words it
 * always had; any other request is a "privacy request", and the message
 * says what was asked in plain words (asked).
 */
const noun = (request: MailRequest) => (onlyDeletion(request) ? 'deletion request' : 'privacy request');
const asked = (request: MailRequest) => (onlyDeletion(request) ? '' : `You asked for ${kindsPhrase(request.kinds ?? [])}.\n\n`);

const dateOf = (instant: Date) => instant.toISOString().slice(0, 10);

const footer = (organization: MailOrganization, request: MailRequest) =>
  `\n\nYou receive this message because someone asked ${organization.name} ${
    onlyDeletion(request) ? 'to delete the personal data of this address' : 'about the personal data of this address'
  }. ` + 'If that was not you, ignore it: nothing happens until the address is confirmed.';

function message(organization: MailOrganization, request: MailRequest, kind: OutboxMessage['kind'], subject: string, text: string) {
  return {
    organizationId: organization.id,
    kind,
    to: request.email,
    subject: `${subject} (${request.reference})`,
    text,
  } satisfies OutboxMessage;
}

export function verificationMail(
  publicUrl: string,
  organization: MailOrganization,
  request: MailRequest,
  secrets: { verificationToken: string; verificationCode: string },
): OutboxMessage {
  const page = `${publicUrl}${verifyUrl(organization.slug)}`;
  return message(
    organization,
    request,
    'VERIFICATION',
    `Confirm your ${noun(request)} to ${organization.name}`,
    `${organization.name} received a request ${
      onlyDeletion(request)
        ? `to delete the personal data of ${request.email}`
        : `from ${request.email} for ${kindsPhrase(request.kinds ?? [])}`
    }, reference ${request.reference}.\n\n` +
      `To confirm that this address is yours, open this page and press "Confirm my email address":\n${page}#token=${secrets.verificationToken}\n\n` +
      `If the link does not open, go to ${page} and enter\n` +
      `  reference: ${request.reference}\n  code:      ${groupedShortCode(secrets.verificationCode)}${footer(organization, request)}`,
  );
}

export function receivedMail(
  publicUrl: string,
  organization: MailOrganization,
  request: MailRequest,
  facts: { statusToken: string; statusCode: string; dueAt: Date },
): OutboxMessage {
  const page = `${publicUrl}${statusUrl(organization.slug)}`;
  return message(
    organization,
    request,
    'RECEIVED',
    `${organization.name} is processing your ${noun(request)}`,
    `Your ${noun(request)} ${request.reference} to ${organization.name} is confirmed and will be answered by ${dateOf(facts.dueAt)}.\n\n` +
      asked(request) +
      `Follow its progress, and download the receipt once it is completed, here:\n${page}#token=${facts.statusToken}\n\n` +
      `If the link does not open, go to ${page} and enter\n` +
      `  reference: ${request.reference}\n  code:      ${groupedShortCode(facts.statusCode)}\n\n` +
      'Keep this link and code private: anyone who has them can see the status of the request (but none of your personal data).',
  );
}

export function extendedMail(organization: MailOrganization, request: MailRequest, facts: { dueAt: Date; reason: string }): OutboxMessage {
  return message(
    organization,
    request,
    'EXTENDED',
    `${organization.name} needs more time for your ${noun(request)}`,
    `${organization.name} extended the deadline of your ${noun(request)} ${request.reference} to ${dateOf(facts.dueAt)}.\n\n` +
      asked(request) +
      `The reason given:\n${facts.reason}\n\nThe status link in our earlier message shows the new date.`,
  );
}

/** What the completion says beyond "done": the decision on each correction, and what an erasure kept. */
export interface CompletionOutcomes {
  corrections: readonly { field: string; decision: CorrectionDecision }[];
  retained: readonly RetainedItem[];
}

function outcomesText(outcomes: CompletionOutcomes): string {
  const parts: string[] = [];
  if (outcomes.corrections.length > 0) {
    parts.push(
      'What was decided on each correction you asked for (the status page gives the reasons):\n' +
        outcomes.corrections.map((item) => `- ${item.field}: ${CORRECTION_DECISION_LABELS[item.decision]}`).join('\n'),
    );
  }
  if (outcomes.retained.length > 0) {
    parts.push(
      'What was kept, and why:\n' +
        outcomes.retained
          .map((item) => `- ${item.description} (${RETENTION_BASIS_LABELS[item.basis]}${item.until ? `; kept until ${item.until}` : ''})`)
          .join('\n'),
    );
  }
  return parts.map((part) => `${part}\n\n`).join('');
}

export function completedMail(
  organization: MailOrganization,
  request: MailRequest,
  receipt: SignedReceipt,
  outcomes: CompletionOutcomes = { corrections: [], retained: [] },
): OutboxMessage {
  return {
    ...message(
      organization,
      request,
      'COMPLETED',
      `${organization.name} completed your ${noun(request)}`,
      `${organization.name} completed your ${noun(request)} ${request.reference}.\n\n` +
        asked(request) +
        outcomesText(outcomes) +
        'The attached receipt is signed by the organization. Anyone can check it against the public key published at ' +
        `${auditCheckpointsUrl(organization.slug)} on the portal.`,
    ),
    attachments: [
      {
        filename: `${request.reference}-receipt.json`,
        content: `${JSON.stringify(receipt, null, 2)}\n`,
        contentType: 'application/json',
      },
    ],
  };
}

export function rejectedMail(
  organization: MailOrganization,
  request: MailRequest,
  facts: { category: string; reason: string },
): OutboxMessage {
  return message(
    organization,
    request,
    'REJECTED',
    `${organization.name} declined your ${noun(request)}`,
    `${organization.name} declined your ${noun(request)} ${request.reference} (${facts.category.toLowerCase()}).\n\n` +
      asked(request) +
      `The reason given:\n${facts.reason}\n\nYou may contact the organization, or a data protection authority, if you disagree.`,
  );
}
