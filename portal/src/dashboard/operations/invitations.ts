import { graphql } from '../graphql.ts';

export const PendingInvitationsQuery = graphql(`
  query DashboardPendingInvitations {
    me {
      pendingInvitations { organization organizationName role invitedAt }
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation DashboardAcceptInvitation($organization: String!) {
    acceptInvitation(organization: $organization) { organization role }
  }
`);

export const DeclineInvitationMutation = graphql(`
  mutation DashboardDeclineInvitation($organization: String!) {
    declineInvitation(organization: $organization) { organization role }
  }
`);
