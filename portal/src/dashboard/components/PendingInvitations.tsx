// Invitations waiting for the signed-in person's answer. An organization's
// access starts only when its invitation is accepted here; declining removes
// it. Shown where a signed-in person lands: the overview, or in place of it
// when they belong to no organization yet.

import { type OrganizationRole, ROLE_LABELS } from '@governance/policies/vocabulary/access';
import { dashboardUrl } from '@governance/policies/vocabulary/urls';
import { useMutation, useQuery } from '@urql/preact';
import { AcceptInvitationMutation, DeclineInvitationMutation, PendingInvitationsQuery } from '../operations/invitations.ts';
import { ErrorMessage } from './States.tsx';

export function PendingInvitations() {
  const [{ data }, reexecute] = useQuery({ query: PendingInvitationsQuery, requestPolicy: 'network-only' });
  const [accepting, accept] = useMutation(AcceptInvitationMutation);
  const [declining, decline] = useMutation(DeclineInvitationMutation);
  const invitations = data?.me?.pendingInvitations ?? [];
  if (invitations.length === 0) return null;
  const busy = accepting.fetching || declining.fetching;
  return (
    <section class="dash-invitations" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      {(accepting.error ?? declining.error) && (
        <ErrorMessage error={(accepting.error ?? declining.error) as NonNullable<typeof accepting.error>} />
      )}
      <ul class="dash-cards">
        {invitations.map((invitation) => (
          <li key={invitation.organization}>
            <p>
              <strong>{invitation.organizationName}</strong> invited you to join with the role{' '}
              {ROLE_LABELS[invitation.role as OrganizationRole]}. You get access only if you accept.
            </p>
            <div class="dash-actions">
              <button
                type="button"
                disabled={busy}
                aria-label={`Accept the invitation from ${invitation.organizationName}`}
                onClick={async () => {
                  const result = await accept({ organization: invitation.organization });
                  // The whole dashboard changes with the new role: open the organization afresh.
                  if (!result.error) location.assign(dashboardUrl(invitation.organization));
                }}
              >
                Accept
              </button>
              <button
                type="button"
                class="dash-secondary"
                disabled={busy}
                aria-label={`Decline the invitation from ${invitation.organizationName}`}
                onClick={async () => {
                  const result = await decline({ organization: invitation.organization });
                  if (!result.error) reexecute({ requestPolicy: 'network-only' });
                }}
              >
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
