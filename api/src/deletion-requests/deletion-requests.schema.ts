// The public intake of privacy requests (deletion, access, portability,
// correction; the table and most type names still say "deletion", the kind
// every request had first). Anyone may submit; what comes back
// is the reference and status, never a token (those go to the requester's
// email, which is how the request proves the address is theirs).
import { PRIVACY_REQUEST_KINDS, type PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import { builder } from '../graphql/builder.ts';
import { DomainError } from '../shared/domain-error.ts';
import { submitDeletionRequest, submitPrivacyRequest } from './intake.service.ts';
import { STATUSES } from './lifecycle.ts';
import type { DeletionRequest } from './models.ts';
import { verifyDeletionRequestWithCode } from './short-code.service.ts';
import { verifyDeletionRequest } from './verification.service.ts';

export const JurisdictionEnum = builder.enumType('Jurisdiction', {
  values: {
    GDPR: { description: 'EU or UK GDPR: one month, extendable by two.' },
    CCPA: { description: 'California CCPA: 45 days, extendable by 45.' },
    OTHER: { description: "The organization's own deadline." },
  },
});

const KIND_DESCRIPTIONS: Record<PrivacyRequestKind, string> = {
  DELETION: 'Delete my data (GDPR Art. 17; CCPA right to delete).',
  ACCESS: 'Send me a copy of my data (GDPR Art. 15; CCPA right to know).',
  PORTABILITY: 'Send it in a machine-readable form (GDPR Art. 20; CCPA right to know).',
  CORRECTION: 'Correct something (GDPR Art. 16; CCPA right to correct).',
};

export const PrivacyRequestKindEnum = builder.enumType('PrivacyRequestKind', {
  description: 'What a privacy request asks for. One request may ask for several.',
  values: Object.fromEntries(PRIVACY_REQUEST_KINDS.map((kind) => [kind, { value: kind, description: KIND_DESCRIPTIONS[kind] }])) as Record<
    PrivacyRequestKind,
    { value: PrivacyRequestKind; description: string }
  >,
});

export const DeletionRequestStatusEnum = builder.enumType('DeletionRequestStatus', { values: STATUSES });

const DeletionRequestSummaryRef = builder.objectRef<DeletionRequest>('DeletionRequestSummary').implement({
  description: 'Where a request stands, without personal data.',
  authScopes: { public: true },
  fields: (t) => ({
    reference: t.exposeString('reference'),
    status: t.field({ type: DeletionRequestStatusEnum, resolve: (request) => request.status }),
    receivedAt: t.field({ type: 'DateTime', resolve: (request) => request.receivedAt }),
  }),
});

const SubmittedDeletionRequestRef = builder
  .objectRef<{ request: DeletionRequest; created: boolean }>('SubmittedDeletionRequest')
  .implement({
    description: 'A submitted request, without personal data.',
    authScopes: { public: true },
    fields: (t) => ({
      reference: t.string({ resolve: ({ request }) => request.reference }),
      status: t.field({ type: DeletionRequestStatusEnum, resolve: ({ request }) => request.status }),
      receivedAt: t.field({ type: 'DateTime', resolve: ({ request }) => request.receivedAt }),
      kinds: t.field({
        type: [PrivacyRequestKindEnum],
        description: 'What the request asks for, in a fixed order.',
        resolve: ({ request }) => request.kinds,
      }),
      created: t.boolean({
        description: 'False when the idempotency key returned an earlier submission.',
        resolve: ({ created }) => created,
      }),
    }),
  });

const SubmitDeletionRequestInput = builder.inputType('SubmitDeletionRequestInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'Organization slug.' }),
    idempotencyKey: t.string({ required: true, description: 'Made by the client once per request and sent again on every retry of it.' }),
    email: t.string({ required: true }),
    name: t.string({ required: true }),
    accountIdentifier: t.string(),
    jurisdiction: t.field({ type: JurisdictionEnum, required: true }),
    details: t.string(),
  }),
});

const SubmitPrivacyRequestInput = builder.inputType('SubmitPrivacyRequestInput', {
  fields: (t) => ({
    organization: t.string({ required: true, description: 'Organization slug.' }),
    kinds: t.field({
      type: [PrivacyRequestKindEnum],
      required: true,
      description: 'What you ask for: at least one kind, each at most once (the order does not matter).',
    }),
    idempotencyKey: t.string({ required: true, description: 'Made by the client once per request and sent again on every retry of it.' }),
    email: t.string({ required: true }),
    name: t.string({ required: true }),
    accountIdentifier: t.string(),
    jurisdiction: t.field({ type: JurisdictionEnum, required: true }),
    details: t.string(),
  }),
});

builder.mutationFields((t) => ({
  submitPrivacyRequest: t.field({
    type: SubmittedDeletionRequestRef,
    description:
      'Asks an organization to delete your personal data, send you a copy of it (also in a machine-readable form), or correct it; one request may ask for several. Limited per address and per email.',
    errors: { types: [DomainError] },
    args: { input: t.arg({ type: SubmitPrivacyRequestInput, required: true }) },
    authScopes: { public: true },
    resolve: async (_root, { input }, context) => submitPrivacyRequest(context.useCases, input, context.request),
  }),
  submitDeletionRequest: t.field({
    type: SubmittedDeletionRequestRef,
    description: 'Asks an organization to delete your personal data. Limited per address and per email.',
    deprecationReason: 'Use submitPrivacyRequest with kinds: [DELETION]',
    errors: { types: [DomainError] },
    args: { input: t.arg({ type: SubmitDeletionRequestInput, required: true }) },
    authScopes: { public: true },
    resolve: async (_root, { input }, context) => submitDeletionRequest(context.useCases, input, context.request),
  }),
  verifyDeletionRequest: t.field({
    type: DeletionRequestSummaryRef,
    description: 'Confirms the email address of a request with the token from the link sent to it. Safe to repeat.',
    errors: { types: [DomainError] },
    args: { token: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: (_root, { token }, context) => verifyDeletionRequest(context.useCases, token, context.request),
  }),
  verifyDeletionRequestWithCode: t.field({
    type: DeletionRequestSummaryRef,
    description:
      'Confirms the email address of a request with its reference and the 8-character code from the mail (case, spaces and dashes ignored), for people who cannot open the link. Five wrong codes for a request and its codes stop working (CODE_ATTEMPTS_EXHAUSTED). Safe to repeat.',
    errors: { types: [DomainError] },
    args: { reference: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    authScopes: { public: true },
    resolve: (_root, args, context) => verifyDeletionRequestWithCode(context.useCases, args, context.request),
  }),
}));
