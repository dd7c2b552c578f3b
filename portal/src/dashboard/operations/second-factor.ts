import { graphql } from '../graphql.ts';

export const MySecondFactorQuery = graphql(`
  query DashboardMySecondFactor {
    mySecondFactor { enabled recoveryCodesLeft requiredBy }
  }
`);

export const CompleteLoginMutation = graphql(`
  mutation DashboardCompleteLogin($challenge: String!, $code: String, $recoveryCode: String) {
    completeLogin(challenge: $challenge, code: $code, recoveryCode: $recoveryCode) { id name }
  }
`);

export const StartSecondFactorMutation = graphql(`
  mutation DashboardStartSecondFactor {
    startSecondFactorEnrolment { secret otpauthUri qrCode }
  }
`);

export const ConfirmSecondFactorMutation = graphql(`
  mutation DashboardConfirmSecondFactor($password: String!, $code: String!) {
    confirmSecondFactorEnrolment(password: $password, code: $code) { recoveryCodes }
  }
`);

export const RegenerateRecoveryCodesMutation = graphql(`
  mutation DashboardRegenerateRecoveryCodes($code: String!) {
    regenerateRecoveryCodes(code: $code) { recoveryCodes }
  }
`);

export const ResetMemberSecondFactorMutation = graphql(`
  mutation DashboardResetMemberSecondFactor($organization: String!, $userId: ID!) {
    resetMemberSecondFactor(organization: $organization, userId: $userId)
  }
`);

export const SecondFactorRequirementQuery = graphql(`
  query DashboardSecondFactorRequirement($organization: String!) {
    organizationSecondFactorRequired(organization: $organization)
  }
`);

export const SetSecondFactorRequirementMutation = graphql(`
  mutation DashboardSetSecondFactorRequirement($organization: String!, $required: Boolean!) {
    setOrganizationSecondFactorRequired(organization: $organization, required: $required)
  }
`);
