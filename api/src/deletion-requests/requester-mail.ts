// What the requester is told, and when: each message written once as blocks
// (mail/mail-body.ts renders its text and HTML parts), from the
// organization's name, with dates in words. Tokens ride in the URL
// fragment, so they never reach a server log or a Referer header; the pages
// read them with a script, and the message also gives a short code to type.
// Pure: the services enqueue these in their transactions.
import {
  CORRECTION_DECISION_LABELS,
  type CorrectionDecision,
  RETENTION_BASIS_LABELS,
} from '@governance/policies/vocabulary/privacy-request-items';
import { kindsPhrase, type PrivacyRequestKind, requestNoun } from '@governance/policies/vocabulary/privacy-request-kinds';
import { receiptProves, receiptStates, scopeHeading } from '@governance/policies/vocabulary/requester-words';
import { auditCheckpointsUrl, statusUrl, verifyUrl } from '@governance/policies/vocabulary/urls';
import { dateInWords } from '@governance/policies/vocabulary/words';
import { type MailBlock, renderMail } from '../mail/mail-body.ts';
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
const noun = (request: MailRequest) => requestNoun(request.kinds ?? ['DELETION']);
const asked = (request: MailRequest): MailBlock[] =>
  onlyDeletion(request) ? [] : [{ text: `You asked for ${kindsPhrase(request.kinds ?? [])}.` }];

const footer = (organization: MailOrganization, request: MailRequest): MailBlock => ({
  footer: `You receive this message because someone asked ${organization.name} ${
    onlyDeletion(request) ? 'to delete the personal data of this address' : 'about the personal data of this address'
  }. If that was not you, ignore it: nothing happens until the address is confirmed.`,
});

function message(
  organization: MailOrganization,
  request: MailRequest,
  kind: OutboxMessage['kind'],
  subject: string,
  blocks: MailBlock[],
): OutboxMessage {
  const fullSubject = `${subject} (${request.reference})`;
  return {
    organizationId: organization.id,
    kind,
    // The organization the person wrote to, by the name they know it by.
    fromName: organization.name,
    to: request.email,
    subject: fullSubject,
    ...renderMail(fullSubject, blocks),
  };
}

export function verificationMail(
  publicUrl: string,
  organization: MailOrganization,
  request: MailRequest,
  secrets: { verificationToken: string; verificationCode: string },
): OutboxMessage {
  const page = `${publicUrl}${verifyUrl(organization.slug)}`;
  return message(organization, request, 'VERIFICATION', `Confirm your ${noun(request)} to ${organization.name}`, [
    {
      text: `${organization.name} received a request ${
        onlyDeletion(request)
          ? `to delete the personal data of ${request.email}`
          : `from ${request.email} for ${kindsPhrase(request.kinds ?? [])}`
      }, reference ${request.reference}.`,
    },
    {
      text: 'To confirm that this address is yours, open this page and press "Confirm my email address":',
      link: `${page}#token=${secrets.verificationToken}`,
    },
    { text: `If the link does not open, go to ${page} and enter:` },
    { lines: [`reference: ${request.reference}`, `code:      ${groupedShortCode(secrets.verificationCode)}`] },
    footer(organization, request),
  ]);
}

export function receivedMail(
  publicUrl: string,
  organization: MailOrganization,
  request: MailRequest,
  facts: { statusToken: string; statusCode: string; dueAt: Date },
): OutboxMessage {
  const page = `${publicUrl}${statusUrl(organization.slug)}`;
  return message(organization, request, 'RECEIVED', `${organization.name} is processing your ${noun(request)}`, [
    {
      text: `Your ${noun(request)} ${request.reference} to ${organization.name} is confirmed and will be answered by ${dateInWords(facts.dueAt)}.`,
    },
    ...asked(request),
    { text: 'Follow its progress, and download the receipt once it is completed, here:', link: `${page}#token=${facts.statusToken}` },
    { text: `If the link does not open, go to ${page} and enter:` },
    { lines: [`reference: ${request.reference}`, `code:      ${groupedShortCode(facts.statusCode)}`] },
    { text: 'Keep this link and code private: anyone who has them can see the status of the request (but none of your personal data).' },
  ]);
}

export function extendedMail(organization: MailOrganization, request: MailRequest, facts: { dueAt: Date; reason: string }): OutboxMessage {
  return message(organization, request, 'EXTENDED', `${organization.name} needs more time for your ${noun(request)}`, [
    { text: `${organization.name} extended the deadline of your ${noun(request)} ${request.reference} to ${dateInWords(facts.dueAt)}.` },
    ...asked(request),
    { text: 'The reason given:' },
    { quote: facts.reason },
    { text: 'The status link in our earlier message shows the new date.' },
  ]);
}

/** What the completion says beyond "done": the decision on each correction, and what an erasure kept. */
export interface CompletionOutcomes {
  corrections: readonly { field: string; decision: CorrectionDecision }[];
  retained: readonly RetainedItem[];
}

function outcomeBlocks(outcomes: CompletionOutcomes): MailBlock[] {
  const blocks: MailBlock[] = [];
  if (outcomes.corrections.length > 0) {
    blocks.push(
      { text: 'What was decided on each correction you asked for (the status page gives the reasons):' },
      { items: outcomes.corrections.map((item) => `${item.field}: ${CORRECTION_DECISION_LABELS[item.decision]}`) },
    );
  }
  if (outcomes.retained.length > 0) {
    blocks.push(
      { text: 'What was kept, and why:' },
      {
        items: outcomes.retained.map(
          (item) => `${item.description} (${RETENTION_BASIS_LABELS[item.basis]}${item.until ? `; kept until ${item.until}` : ''})`,
        ),
      },
    );
  }
  return blocks;
}

/** What the receipt says was deleted, from where. */
function scopeOf(receipt: SignedReceipt): { summary: string; systems: string[] } | null {
  const scope = receipt.receipt.scope as { summary?: unknown; systems?: unknown } | undefined;
  if (typeof scope?.summary !== 'string') return null;
  return { summary: scope.summary, systems: Array.isArray(scope.systems) ? scope.systems.map(String) : [] };
}

export function completedMail(
  publicUrl: string,
  organization: MailOrganization,
  request: MailRequest,
  receipt: SignedReceipt,
  outcomes: CompletionOutcomes = { corrections: [], retained: [] },
): OutboxMessage {
  const scope = scopeOf(receipt);
  // The receipt states and proves what this request asked: a copy or a correction deleted nothing.
  const kinds = request.kinds ?? ['DELETION'];
  const deleted: MailBlock[] = scope
    ? [
        { text: `${scopeHeading(kinds)}:` },
        { quote: scope.summary },
        ...(scope.systems.length > 0 ? [{ text: `From: ${scope.systems.join(', ')}.` }] : []),
      ]
    : [];
  return {
    ...message(organization, request, 'COMPLETED', `${organization.name} completed your ${noun(request)}`, [
      { text: `${organization.name} completed your ${noun(request)} ${request.reference}.` },
      ...asked(request),
      ...deleted,
      ...outcomeBlocks(outcomes),
      {
        text:
          `The attached receipt is ${organization.name}'s signed statement of ${receiptStates(kinds)}. Keep it: if you ever need to prove ` +
          `${receiptProves(kinds)}, it is your evidence, and nobody can change it without the change showing. The status page explains ` +
          'how anyone can check it against the keys the organization publishes:',
        link: `${publicUrl}${statusUrl(organization.slug)}`,
      },
      { footer: `The keys: ${publicUrl}${auditCheckpointsUrl(organization.slug)}` },
    ]),
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
  return message(organization, request, 'REJECTED', `${organization.name} declined your ${noun(request)}`, [
    { text: `${organization.name} declined your ${noun(request)} ${request.reference} (${facts.category.toLowerCase()}).` },
    ...asked(request),
    { text: 'The reason given:' },
    { quote: facts.reason },
    { text: 'You may contact the organization, or a data protection authority, if you disagree.' },
  ]);
}
