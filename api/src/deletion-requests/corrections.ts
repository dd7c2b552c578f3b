// Correction requests (GDPR Art. 16, CCPA §1798.106), item by item: what the
// requester says is wrong, what it should say and why; what staff decided on
// each item; whom the organization told of the correction (GDPR Art. 19).
// Pure rules: every refusal names the input path it is about, like
// `corrections[2].proposedValue`, so forms put the message on the right field.
import {
  CORRECTION_DECISIONS,
  CORRECTION_LIMITS,
  type CorrectionDecision,
  decisionNeedsReason,
} from '@governance/policies/vocabulary/privacy-request-items';
import { DomainError } from '../shared/domain-error.ts';
import { hasNul, isUuid, NUL_MESSAGE } from '../shared/input-checks.ts';

export type { CorrectionDecision };
export { CORRECTION_DECISIONS };

/** One item as the requester sends it. */
export interface CorrectionItemInput {
  field: string;
  currentValue?: string | null;
  proposedValue: string;
  reason?: string | null;
}

/** One item as it is stored and read back. Values are null once the request's personal data is erased. */
export interface CorrectionItem {
  id: string;
  position: number;
  field: string;
  currentValue: string | null;
  proposedValue: string | null;
  reason: string | null;
  decision: CorrectionDecision | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface NewCorrectionItem {
  field: string;
  currentValue: string | null;
  proposedValue: string;
  reason: string | null;
}

/** Staff's decision on one item; a null decision leaves (or makes) it undecided. */
export interface CorrectionDecisionInput {
  item: string;
  decision: CorrectionDecision | null;
  reason?: string | null;
}

export interface CorrectionRecipient {
  name: string;
  /** Picked from the organization's subprocessor register, rather than typed. */
  fromRegister: boolean;
}

const refuse = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });

/** Trimmed text within `max` characters; empty is null unless required. */
function text(value: string | null | undefined, path: string, what: string, max: number, required: boolean): string | null {
  const trimmed = (value ?? '').trim();
  if (hasNul(trimmed)) throw refuse(path, `${what} ${NUL_MESSAGE}.`);
  if (trimmed === '') {
    if (required) throw refuse(path, `${what} is required.`);
    return null;
  }
  if (trimmed.length > max) throw refuse(path, `${what} must have at most ${max.toLocaleString('en-GB')} characters.`);
  return trimmed;
}

/**
 * The items of a correction request as intake stores them: at least one, at
 * most CORRECTION_LIMITS.items, each naming the field and what it should say.
 */
export function validatedCorrectionItems(items: readonly CorrectionItemInput[]): NewCorrectionItem[] {
  if (items.length === 0) throw refuse('corrections', 'Say at least one thing to correct.');
  if (items.length > CORRECTION_LIMITS.items) {
    throw refuse('corrections', `A request may ask for at most ${CORRECTION_LIMITS.items} corrections.`);
  }
  return items.map((item, index) => {
    const at = `corrections[${index}]`;
    return {
      field: text(item.field, `${at}.field`, 'What is wrong', CORRECTION_LIMITS.field, true) as string,
      currentValue: text(item.currentValue, `${at}.currentValue`, 'What it says now', CORRECTION_LIMITS.value, false),
      proposedValue: text(item.proposedValue, `${at}.proposedValue`, 'What it should say', CORRECTION_LIMITS.value, true) as string,
      reason: text(item.reason, `${at}.reason`, 'Why', CORRECTION_LIMITS.reason, false),
    };
  });
}

/** A decision as it is stored: the reason only where the decision needs one. */
export interface ValidatedDecision {
  itemId: string;
  decision: CorrectionDecision | null;
  reason: string | null;
}

/** Staff's decisions, checked against the request's items: each item once, a reason where one is needed. */
export function validatedDecisions(items: readonly CorrectionItem[], decisions: readonly CorrectionDecisionInput[]): ValidatedDecision[] {
  const ids = new Set(items.map((item) => item.id));
  const seen = new Set<string>();
  return decisions.map((input, index) => {
    const at = `decisions[${index}]`;
    if (!isUuid(input.item) || !ids.has(input.item)) throw refuse(`${at}.item`, 'This request has no such correction item.');
    if (seen.has(input.item)) throw refuse(`${at}.item`, 'Each item may be decided once per save.');
    seen.add(input.item);
    if (input.decision === null) return { itemId: input.item, decision: null, reason: null };
    const reason = text(input.reason, `${at}.reason`, 'The reason', CORRECTION_LIMITS.decisionReason, decisionNeedsReason(input.decision));
    return { itemId: input.item, decision: input.decision, reason };
  });
}

/** Recipients: names from the register must be in it; typed names are free text. Duplicates are dropped. */
export function validatedRecipients(
  recipients: readonly { name: string; fromRegister: boolean }[],
  registerNames: readonly string[],
): CorrectionRecipient[] {
  if (recipients.length > CORRECTION_LIMITS.recipients) {
    throw refuse('recipients', `Name at most ${CORRECTION_LIMITS.recipients} recipients.`);
  }
  const register = new Set(registerNames);
  const unique = new Map<string, CorrectionRecipient>();
  recipients.forEach((recipient, index) => {
    const name = text(recipient.name, `recipients[${index}].name`, 'The recipient', CORRECTION_LIMITS.recipientName, true) as string;
    if (recipient.fromRegister && !register.has(name)) {
      throw refuse(`recipients[${index}].name`, `"${name}" is not on the organization's subprocessor list in force.`);
    }
    if (!unique.has(name)) unique.set(name, { name, fromRegister: recipient.fromRegister });
  });
  return [...unique.values()];
}

/** Completing a correction request needs a decision on every item: the first one without, or null. */
export function firstUndecided(items: readonly CorrectionItem[]): CorrectionItem | null {
  return items.find((item) => item.decision === null) ?? null;
}

/** The refusal for completing with an undecided item, naming it. */
export function undecidedError(item: CorrectionItem): DomainError {
  return new DomainError(
    'CORRECTION_UNDECIDED',
    `Decide correction item ${item.position} ("${item.field}") before completing the request.`,
    {
      field: `corrections[${item.position - 1}]`,
      details: { item: item.id },
    },
  );
}
