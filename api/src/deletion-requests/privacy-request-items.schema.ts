// The GraphQL types of correction items and of what an erasure kept, shared
// by the staff schema (completion takes the kept items) and the corrections
// schema (decisions, the status view).
import { CORRECTION_DECISIONS, RETENTION_BASES } from '@governance/policies/vocabulary/privacy-request-items';
import { builder } from '../graphql/builder.ts';
import type { CorrectionItem, CorrectionRecipient } from './corrections.ts';
import type { RetainedItem } from './retained-items.ts';

export const CorrectionDecisionEnum = builder.enumType('CorrectionDecision', {
  description: 'What staff decided on one correction item.',
  values: CORRECTION_DECISIONS,
});

export const RetentionBasisEnum = builder.enumType('RetentionBasis', {
  description: 'Why personal data was kept after an erasure.',
  values: RETENTION_BASES,
});

export const CorrectionItemRef = builder.objectRef<CorrectionItem>('CorrectionItem').implement({
  description: 'One thing the requester asked to correct, and the decision on it. The values are null once personal data was erased.',
  // Reached only through a DeletionRequest, which carries the organization's check.
  authScopes: { public: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    position: t.exposeInt('position', { description: '1 for the first item the requester gave.' }),
    field: t.exposeString('field', { description: 'What is wrong: the piece of data, in the requester’s words.' }),
    currentValue: t.exposeString('currentValue', { nullable: true, description: 'What it says now, as the requester put it.' }),
    proposedValue: t.exposeString('proposedValue', { nullable: true, description: 'What it should say.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, in the requester’s words.' }),
    decision: t.field({
      type: CorrectionDecisionEnum,
      nullable: true,
      description: 'Null until decided.',
      resolve: (item) => item.decision,
    }),
    decisionReason: t.exposeString('decisionReason', { nullable: true }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (item) => item.decidedAt }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
  }),
});

export const CorrectionRecipientRef = builder.objectRef<CorrectionRecipient>('CorrectionRecipient').implement({
  description: 'Someone the organization told of the correction (GDPR Art. 19).',
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    fromRegister: t.exposeBoolean('fromRegister', { description: "Picked from the organization's subprocessor list." }),
  }),
});

export const RetainedItemRef = builder.objectRef<RetainedItem>('RetainedItem').implement({
  description: 'Something an erasure kept, and why.',
  authScopes: { public: true },
  fields: (t) => ({
    basis: t.field({ type: RetentionBasisEnum, resolve: (item) => item.basis }),
    description: t.exposeString('description'),
    until: t.exposeString('until', {
      nullable: true,
      description: 'The calendar date (YYYY-MM-DD) it is kept until; null when none was given.',
    }),
  }),
});

export const RetainedItemInputRef = builder.inputType('RetainedItemInput', {
  description: 'Something the erasure kept: why, what, and until when.',
  fields: (t) => ({
    basis: t.field({ type: RetentionBasisEnum, required: true }),
    description: t.string({ required: true, description: 'What was kept (at most 2,000 characters).' }),
    until: t.string({ description: 'YYYY-MM-DD, not in the past; leave out when no end date can be given.' }),
  }),
});

export const CorrectionItemInputRef = builder.inputType('CorrectionItemInput', {
  description: 'One thing to correct: what is wrong, what it says now, what it should say, and why.',
  fields: (t) => ({
    field: t.string({ required: true, description: 'What is wrong, like "Postal address" (at most 200 characters).' }),
    currentValue: t.string({ description: 'What it says now (at most 2,000 characters).' }),
    proposedValue: t.string({ required: true, description: 'What it should say (at most 2,000 characters).' }),
    reason: t.string({ description: 'Why (at most 2,000 characters).' }),
  }),
});
