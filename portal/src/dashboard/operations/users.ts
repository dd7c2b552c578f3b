import { graphql } from '../graphql.ts';

export const MemberFields = graphql(`
  fragment DashboardMember on OrganizationMember {
    id
    email
    name
    role
    status
    disabled
    memberSince
    secondFactorEnabled
  }
`);

export const MembersQuery = graphql(
  `
  query DashboardMembers($organization: String!) {
    organizationMembers(organization: $organization) { ...DashboardMember }
  }
`,
  [MemberFields],
);

export const CreateMemberMutation = graphql(
  `
  mutation DashboardCreateMember($organization: String!, $email: String!, $name: String!, $role: OrganizationRole!) {
    createOrganizationUser(organization: $organization, email: $email, name: $name, role: $role) {
      member { ...DashboardMember }
    }
  }
`,
  [MemberFields],
);

export const ChangeMemberRoleMutation = graphql(
  `
  mutation DashboardChangeMemberRole($organization: String!, $userId: ID!, $role: OrganizationRole!) {
    changeMemberRole(organization: $organization, userId: $userId, role: $role) { ...DashboardMember }
  }
`,
  [MemberFields],
);

export const DisableMemberMutation = graphql(
  `
  mutation DashboardDisableMember($organization: String!, $userId: ID!) {
    disableMember(organization: $organization, userId: $userId) { ...DashboardMember }
  }
`,
  [MemberFields],
);
