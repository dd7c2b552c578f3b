// Notices of changes, for anyone: subscribe (double opt-in), confirm with the
// mailed link, unsubscribe with the link every subscription mail carries.
// Nothing here tells whether an address follows an organization.
import { builder } from '../graphql/builder.ts';
import { DomainError } from '../shared/domain-error.ts';
import { CHANGE_TOPICS, type ChangeTopic } from './models.ts';
import { confirmSubscription, subscribeToChanges, unsubscribeFromChanges } from './subscriptions.service.ts';

export const ChangeTopicEnum = builder.enumType('ChangeTopic', {
  description: "What a subscriber is told about: changes of an organization's policies, of its list of subprocessors.",
  values: Object.fromEntries(CHANGE_TOPICS.map((topic) => [topic, {}])) as Record<ChangeTopic, object>,
});

const SubscriptionRequestedRef = builder.objectRef<{ organization: string }>('ChangeSubscriptionRequested').implement({
  description: 'The same answer for every accepted request: a confirmation mail is on its way, unless the address is limited.',
  authScopes: { public: true },
  fields: (t) => ({
    organization: t.exposeString('organization', { description: 'Organization slug.' }),
    confirmationSent: t.boolean({ description: 'Always true: check the mailbox.', resolve: () => true }),
  }),
});

const SubscriptionConfirmedRef = builder.objectRef<{ topics: ChangeTopic[] }>('ChangeSubscriptionConfirmed').implement({
  description: 'A confirmed subscription: notices of these topics go to the address from now on.',
  authScopes: { public: true },
  fields: (t) => ({
    topics: t.field({ type: [ChangeTopicEnum], resolve: ({ topics }) => topics }),
  }),
});

const UnsubscribedRef = builder.objectRef<{ unsubscribed: true }>('ChangeSubscriptionEnded').implement({
  description: 'The address receives no more notices from the organization, and is erased.',
  authScopes: { public: true },
  fields: (t) => ({
    unsubscribed: t.boolean({ resolve: () => true }),
  }),
});

const SubscribeToChangesInput = builder.inputType('SubscribeToChangesInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'Organization slug.' }),
    email: t.string({ required: true, description: 'Where the notices go; at most 254 characters.' }),
    topics: t.field({ type: [ChangeTopicEnum], required: true, description: 'One or both.' }),
  }),
});

builder.mutationFields((t) => ({
  subscribeToChanges: t.field({
    type: SubscriptionRequestedRef,
    description:
      "Asks to be told by mail of an organization's announced changes. A confirmation mail goes to the address; nothing is sent before it is confirmed. The answer is the same whether or not the address already follows the organization. Limited per address and per email (RATE_LIMITED).",
    errors: { types: [DomainError] },
    args: { input: t.arg({ type: SubscribeToChangesInput, required: true }) },
    authScopes: { public: true },
    resolve: async (_root, { input }, context) => {
      await subscribeToChanges(context.useCases, input, context.request);
      return { organization: input.organization };
    },
  }),
  confirmSubscription: t.field({
    type: SubscriptionConfirmedRef,
    description:
      'Confirms a subscription with the token of the link in its confirmation mail. A used, replaced or expired link is refused (SUBSCRIPTION_LINK_INVALID).',
    errors: { types: [DomainError] },
    args: { token: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: (_root, { token }, context) => confirmSubscription(context.useCases, token, context.request),
  }),
  unsubscribeFromChanges: t.field({
    type: UnsubscribedRef,
    description:
      'Ends the subscriptions of the address a subscription mail went to (with the token of its unsubscribe link) and erases the address. Safe to repeat.',
    errors: { types: [DomainError] },
    args: { token: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: async (_root, { token }, context) => {
      await unsubscribeFromChanges(context.useCases, token, context.request);
      return { unsubscribed: true as const };
    },
  }),
}));
