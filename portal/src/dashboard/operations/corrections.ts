import { graphql } from '../graphql.ts';

/** What the decisions panel and the completion dialog need: the items, their decisions, the recipients, what was kept. */
export const CorrectionFields = graphql(`
  fragment DashboardCorrections on DeletionRequest {
    id
    version
    status
    corrections { id position field currentValue proposedValue reason decision decisionReason decidedAt decidedBy }
    correctionRecipients { name fromRegister }
    correctionRecipientChoices
    retainedItems { basis description until }
  }
`);

export const DecideCorrectionsMutation = graphql(
  `
  mutation DashboardDecideCorrections($id: ID!, $version: Int!, $decisions: [CorrectionDecisionInput!]!, $recipients: [CorrectionRecipientInput!]) {
    decideDeletionRequestCorrections(id: $id, version: $version, decisions: $decisions, recipients: $recipients) {
      __typename
      ... on InputError { message code field }
      ... on MutationDecideDeletionRequestCorrectionsSuccess { data { ...DashboardCorrections } }
    }
  }
`,
  [CorrectionFields],
);
