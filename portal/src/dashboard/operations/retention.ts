import { graphql } from '../graphql.ts';

export const RetentionSettingFields = graphql(`
  fragment DashboardRetentionSetting on RetentionSetting {
    id
    category
    description
    period
    periodDescription
    justification
    trigger
    action
    legalBasis
    public
    version
    changedBy
    changedAt
    reason
    enforcement { enforced rule note }
  }
`);

export const RetentionSettingsQuery = graphql(
  `
  query DashboardRetentionSettings($organization: String!) {
    retentionSettings(organization: $organization) { ...DashboardRetentionSetting }
  }
`,
  [RetentionSettingFields],
);

export const RetentionHistoryQuery = graphql(
  `
  query DashboardRetentionHistory($organization: String!, $category: String!) {
    retentionHistory(organization: $organization, category: $category) { ...DashboardRetentionSetting }
  }
`,
  [RetentionSettingFields],
);

export const UpdateRetentionSettingMutation = graphql(
  `
  mutation DashboardUpdateRetentionSetting($input: RetentionSettingInput!, $reason: String!) {
    updateRetentionSetting(input: $input, reason: $reason) { ...DashboardRetentionSetting }
  }
`,
  [RetentionSettingFields],
);

export const RetentionRunsQuery = graphql(`
  query DashboardRetentionRuns($organization: String!) {
    retentionRuns(organization: $organization, first: 10) {
      edges { node { id startedAt finishedAt status startedBy rules { category rule period count done } } }
    }
  }
`);

export const RetentionDryRunQuery = graphql(`
  query DashboardRetentionDryRun($organization: String!) {
    retentionDryRun(organization: $organization) { at rules { category rule status period cutoff count } }
  }
`);
