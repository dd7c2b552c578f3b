// Correction items, their decisions and the recipients told of them, and what
// an erasure kept: read by staff on the request, decided by staff, and shown
// to the requester on the status view (field names and decisions, never the
// values they wrote).
import { builder } from '../graphql/builder.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { DomainError } from '../shared/domain-error.ts';
import { correctionsOf, decideCorrections, recipientsOf, registerNamesOf, retainedItemsOf } from './corrections.service.ts';
import type { CorrectionDecision, CorrectionItem } from './corrections.ts';
import { organizationIdOfRequest, requestForStaff } from './deletion-requests.service.ts';
import { CorrectionDecisionEnum, CorrectionItemRef, CorrectionRecipientRef, RetainedItemRef } from './privacy-request-items.schema.ts';
import { StatusViewRef } from './requester.schema.ts';
import { DeletionRequestRef } from './staff.schema.ts';

builder.objectFields(DeletionRequestRef, (t) => ({
  corrections: t.field({
    type: [CorrectionItemRef],
    description: 'What the requester asked to correct, item by item, with the decision on each; empty for other requests.',
    resolve: async (request, _args, context) => (await correctionsOf(context.useCases, request.id)).items,
  }),
  correctionRecipients: t.field({
    type: [CorrectionRecipientRef],
    description: 'Whom the organization told of the correction (GDPR Art. 19).',
    resolve: (request, _args, context) => recipientsOf(context.useCases, request.id),
  }),
  correctionRecipientChoices: t.stringList({
    description: "The names staff may pick as recipients: the organization's subprocessor list in force now.",
    resolve: (request, _args, context) => registerNamesOf(context.useCases, request.organizationId, context.now),
  }),
  retainedItems: t.field({
    type: [RetainedItemRef],
    description: 'What the erasure kept and why, as stated at completion.',
    resolve: (request, _args, context) => retainedItemsOf(context.useCases, request.id),
  }),
}));

const PublicCorrectionRef = builder.objectRef<CorrectionItem>('PublicCorrectionDecision').implement({
  description: 'A correction item as its requester sees it on the status page: the field and the decision, not the values.',
  authScopes: { public: true },
  fields: (t) => ({
    position: t.exposeInt('position'),
    field: t.exposeString('field'),
    decision: t.field({
      type: CorrectionDecisionEnum,
      nullable: true,
      description: 'Null until decided.',
      resolve: (item) => item.decision,
    }),
    decisionReason: t.exposeString('decisionReason', { nullable: true }),
  }),
});

builder.objectFields(StatusViewRef, (t) => ({
  corrections: t.field({
    type: [PublicCorrectionRef],
    description: 'The corrections asked for and what was decided on each; empty for other requests.',
    resolve: async ({ request }, _args, context) => (await correctionsOf(context.useCases, request.id)).items,
  }),
  correctionRecipients: t.stringList({
    description: 'Whom the organization told of the correction (GDPR Art. 19).',
    resolve: async ({ request }, _args, context) => (await recipientsOf(context.useCases, request.id)).map((recipient) => recipient.name),
  }),
  retainedItems: t.field({
    type: [RetainedItemRef],
    description: 'What the erasure kept and why, once completed.',
    resolve: ({ request }, _args, context) => retainedItemsOf(context.useCases, request.id),
  }),
}));

const CorrectionDecisionInputRef = builder.inputType('CorrectionDecisionInput', {
  fields: (t) => ({
    item: t.id({ required: true, description: 'The CorrectionItem id.' }),
    decision: t.field({ type: CorrectionDecisionEnum, description: 'Null or left out: undecided.' }),
    reason: t.string({ description: 'Required for REJECTED and PARTIALLY_APPLIED; told to the requester (at most 5,000 characters).' }),
  }),
});

const CorrectionRecipientInputRef = builder.inputType('CorrectionRecipientInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'At most 200 characters.' }),
    fromRegister: t.boolean({
      required: true,
      description: 'True: a name from correctionRecipientChoices (checked against the list in force).',
    }),
  }),
});

const writeScope = async (_root: unknown, args: { id: string | number }, context: GraphQLContext) => ({
  permission: {
    organizationId: await organizationIdOfRequest(context.useCases, String(args.id)),
    permission: 'deletion-requests:write' as const,
  },
});

builder.mutationFields((t) => ({
  decideDeletionRequestCorrections: t.field({
    type: DeletionRequestRef,
    description:
      'Saves decisions on correction items (each applied, partly applied or rejected with a reason; null leaves it undecided) and, when given, replaces the recipients told of the correction.',
    errors: { types: [DomainError] },
    args: {
      id: t.arg.id({ required: true }),
      version: t.arg.int({ required: true, description: 'The version you last read.' }),
      decisions: t.arg({ type: [CorrectionDecisionInputRef], required: true }),
      recipients: t.arg({ type: [CorrectionRecipientInputRef], description: 'Left out: the recipients stay as they are.' }),
    },
    authScopes: writeScope,
    resolve: async (_root, args, context) => {
      await decideCorrections(context.useCases, { principal: context.principal, request: context.request }, String(args.id), args.version, {
        decisions: args.decisions.map((decision) => ({
          item: String(decision.item),
          decision: (decision.decision ?? null) as CorrectionDecision | null,
          reason: decision.reason ?? null,
        })),
        recipients: args.recipients
          ? args.recipients.map((recipient) => ({ name: recipient.name, fromRegister: recipient.fromRegister }))
          : null,
      });
      const request = await requestForStaff(context.useCases, context.principal, String(args.id));
      if (!request) throw new Error('a request changed a moment ago cannot be read back');
      return request;
    },
  }),
}));
