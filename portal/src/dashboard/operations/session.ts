import { graphql } from '../graphql.ts';

export const ViewerQuery = graphql(`
  query DashboardViewer {
    me {
      user { id email name isSiteAdmin }
      memberships { organization organizationName role }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation DashboardLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { id name }
  }
`);

export const LogoutMutation = graphql(`
  mutation DashboardLogout {
    logout
  }
`);
