// Staff of the organization (admins): invite a person (they are told by mail
// how to sign in and accept; the page never sees a password, and shows an
// invited person as typed until they accept), change roles, disable members,
// see who has two-step sign-in on and reset it for someone who lost their
// phone; require it of everyone. The API keeps the last admin
// and refuses to let an admin disable themselves; the page does not offer it.
// A role is changed only through its dialog's confirm button: a select in
// the list would save on a stray arrow key.

import { type OrganizationRole, ROLE_LABELS } from '@governance/policies/vocabulary/access';
import { isEmailAddress } from '@governance/policies/vocabulary/email';
import { useMutation, useQuery } from '@urql/preact';
import { useCallback, useState } from 'preact/hooks';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { DialogResult } from '../components/DialogResult.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { ListTable, RowTitle } from '../components/ListTable.tsx';
import { Options } from '../components/Options.tsx';
import { SecondFactorRequirement } from '../components/SecondFactorRequirement.tsx';
import { type DashboardContext, Shell } from '../components/Shell.tsx';
import { Confirmation, ErrorMessage } from '../components/States.tsx';
import { fieldErrorOf } from '../errors.ts';
import { type ResultOf, readFragment } from '../graphql.ts';
import { useFormProblem } from '../hooks/useFormProblem.ts';
import { ResetMemberSecondFactorMutation } from '../operations/second-factor.ts';
import { ChangeMemberRoleMutation, CreateMemberMutation, DisableMemberMutation, MemberFields, MembersQuery } from '../operations/users.ts';

type Member = ResultOf<typeof MemberFields>;
const ROLES = Object.keys(ROLE_LABELS) as OrganizationRole[];
/** A new person starts with the least they may do; an admin raises it on purpose. */
const LEAST_PRIVILEGED_ROLE: OrganizationRole = 'VIEWER';

const LIST_CONTEXT = { additionalTypenames: ['OrganizationMember'] };

const STATUS_LABELS: Record<Member['status'], string> = { INVITED: 'invited', ACTIVE: 'active', DISABLED: 'disabled' };
const STATUS_BADGES: Record<Member['status'], string> = { INVITED: 'pending', ACTIVE: 'active', DISABLED: 'revoked' };

export default function UsersIsland() {
  return <Shell page="users">{(context) => <Users context={context} />}</Shell>;
}

function Users({ context }: { context: DashboardContext }) {
  const query = useQuery({
    query: MembersQuery,
    variables: { organization: context.organization },
    // An empty list names no type, so tell the cache which mutations refresh it.
    context: LIST_CONTEXT,
  });
  const [, reexecute] = query;
  const [creating, setCreating] = useState(false);
  const [disabling, setDisabling] = useState<Member | null>(null);
  const [resetting, setResetting] = useState<Member | null>(null);
  const [changingRole, setChangingRole] = useState<Member | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const closeChangeRole = useCallback(() => setChangingRole(null), []);
  const closeCreate = useCallback(() => setCreating(false), []);
  const closeDisable = useCallback(() => setDisabling(null), []);
  const closeReset = useCallback(() => setResetting(null), []);
  return (
    <div class="dash-page">
      <div class="dash-heading-row">
        <button type="button" onClick={() => setCreating(true)}>
          Add user
        </button>
      </div>
      <Confirmation message={confirmation} />
      <ListTable
        query={query}
        rows={(data) => readFragment(MemberFields, data.organizationMembers)}
        loading="Loading users…"
        empty="No users in this organization."
        caption={`Staff of ${context.organizationName}`}
        columns={['Name', 'Email', 'Role', 'Status', 'Two-step sign-in']}
        actions
      >
        {(member) => (
          <tr key={member.id}>
            <RowTitle>{member.name}</RowTitle>
            <td data-label="Email">{member.email}</td>
            <td data-label="Role">{ROLE_LABELS[member.role as OrganizationRole]}</td>
            <td data-label="Status">
              <span class={`dash-badge dash-badge-${STATUS_BADGES[member.status]}`}>{STATUS_LABELS[member.status]}</span>
            </td>
            <td data-label="Two-step sign-in">
              <span class={`dash-badge dash-badge-${member.secondFactorEnabled ? 'active' : 'revoked'}`}>
                {member.secondFactorEnabled ? 'on' : 'not set up'}
              </span>
            </td>
            <td class="dash-card-actions">
              {!member.disabled && member.id !== context.userId && (
                <div class="dash-actions">
                  <button
                    type="button"
                    class="dash-secondary"
                    onClick={() => setChangingRole(member)}
                    aria-label={`Change role of ${member.name}`}
                  >
                    Change role
                  </button>
                  {member.secondFactorEnabled && (
                    <button
                      type="button"
                      class="dash-secondary"
                      onClick={() => setResetting(member)}
                      aria-label={`Reset two-step sign-in of ${member.name}`}
                    >
                      Reset two-step
                    </button>
                  )}
                  <button
                    type="button"
                    class="dash-danger"
                    onClick={() => setDisabling(member)}
                    aria-label={`${member.status === 'INVITED' ? 'Withdraw the invitation of' : 'Disable'} ${member.name}`}
                  >
                    {member.status === 'INVITED' ? 'Withdraw' : 'Disable'}
                  </button>
                </div>
              )}
            </td>
          </tr>
        )}
      </ListTable>
      <SecondFactorRequirement organization={context.organization} organizationName={context.organizationName} />
      <Dialog open={creating} title="Add a user" onClose={closeCreate}>
        <CreateUserForm organization={context.organization} onDone={closeCreate} />
      </Dialog>
      <Dialog
        open={disabling !== null}
        title={disabling?.status === 'INVITED' ? 'Withdraw this invitation?' : 'Disable this user?'}
        onClose={closeDisable}
      >
        {disabling && (
          <ConfirmAction
            mutation={DisableMemberMutation}
            variables={{ organization: context.organization, userId: disabling.id }}
            action={disabling.status === 'INVITED' ? 'Withdraw invitation' : 'Disable user'}
            onCancel={closeDisable}
            onDone={() => {
              setConfirmation(
                disabling.status === 'INVITED'
                  ? `The invitation of ${disabling.name} was withdrawn.`
                  : `${disabling.name} was disabled: they can no longer sign in to ${context.organizationName}, and their API tokens here were revoked.`,
              );
              closeDisable();
            }}
          >
            {disabling.status === 'INVITED' ? (
              <>
                The invitation of <strong>{disabling.name}</strong> ({disabling.email}) will be withdrawn.
              </>
            ) : (
              <>
                <strong>{disabling.name}</strong> ({disabling.email}) will lose access to {context.organizationName}, and the API tokens
                they created here will be revoked.
              </>
            )}
          </ConfirmAction>
        )}
      </Dialog>
      <Dialog open={changingRole !== null} title={`Change the role of ${changingRole?.name ?? ''}`} onClose={closeChangeRole}>
        {changingRole && (
          <ChangeRoleForm
            organization={context.organization}
            member={changingRole}
            onDone={closeChangeRole}
            onChanged={(member, role) => {
              setConfirmation(`${member.name} is ${ROLE_LABELS[role].toLowerCase()} now.`);
              closeChangeRole();
            }}
          />
        )}
      </Dialog>
      <Dialog open={resetting !== null} title="Reset two-step sign-in?" onClose={closeReset}>
        {resetting && (
          <ConfirmAction
            mutation={ResetMemberSecondFactorMutation}
            variables={{ organization: context.organization, userId: resetting.id }}
            action="Reset two-step sign-in"
            onCancel={closeReset}
            onDone={() => {
              setConfirmation(`${resetting.name}'s two-step sign-in was reset: they must set it up again when they next sign in.`);
              closeReset();
              reexecute({ requestPolicy: 'network-only' });
            }}
          >
            <strong>{resetting.name}</strong> ({resetting.email}) will sign in with their password only, and must set up two-step sign-in
            again. Do this when they lost their phone, and only after checking who is asking.
          </ConfirmAction>
        )}
      </Dialog>
    </div>
  );
}

/**
 * Picking a role changes nothing by itself: the confirm button names the
 * role it will save, and is the only thing that saves it.
 */
function ChangeRoleForm({
  organization,
  member,
  onDone,
  onChanged,
}: {
  organization: string;
  member: Member;
  onDone: () => void;
  onChanged: (member: Member, role: OrganizationRole) => void;
}) {
  const [{ fetching, error }, change] = useMutation(ChangeMemberRoleMutation);
  const current = member.role as OrganizationRole;
  const [chosen, setChosen] = useState<OrganizationRole>(current);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (chosen === current) return;
    const result = await change({ organization, userId: member.id, role: chosen });
    if (!result.error) onChanged(member, chosen);
  };
  return (
    <form class="dash-form" onSubmit={submit}>
      <p>
        <strong>{member.name}</strong> ({member.email}) is {ROLE_LABELS[current].toLowerCase()} now.
      </p>
      <fieldset>
        <legend>New role</legend>
        {ROLES.map((role) => (
          <label key={role} class="dash-check">
            <input type="radio" name="role" value={role} checked={chosen === role} onChange={() => setChosen(role)} /> {ROLE_LABELS[role]}
            {role === current && ' (current)'}
          </label>
        ))}
      </fieldset>
      {error && <ErrorMessage error={error} />}
      <FormActions
        submit={chosen === current ? 'Choose a new role' : `Change role to ${ROLE_LABELS[chosen]}`}
        disabled={fetching || chosen === current}
        onCancel={onDone}
      />
    </form>
  );
}

function CreateUserForm({ organization, onDone }: { organization: string; onDone: () => void }) {
  const [{ fetching }, create] = useMutation(CreateMemberMutation);
  const { problem, setProblem, messageId, invalid } = useFormProblem();
  const [added, setAdded] = useState<string | null>(null);

  if (added) {
    return (
      <DialogResult onDone={onDone}>
        <p role="status">
          {added} was invited. They receive an email that tells them how to sign in (a new account's initial password goes only to them),
          and they get access once they accept the invitation.
        </p>
      </DialogResult>
    );
  }

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(form.get('email') ?? '');
    if (!isEmailAddress(email)) {
      setProblem({ message: 'Enter an email address, like name@example.com.', code: 'BAD_USER_INPUT', field: 'email' });
      return;
    }
    const result = await create({
      organization,
      email,
      name: String(form.get('name') ?? ''),
      role: String(form.get('role') ?? LEAST_PRIVILEGED_ROLE) as OrganizationRole,
    });
    if (result.error) setProblem(fieldErrorOf(result.error));
    else if (result.data) {
      setAdded(readFragment(MemberFields, result.data.createOrganizationUser.member).email);
    }
  };

  return (
    <form class="dash-form" onSubmit={submit} noValidate>
      <FormProblem problem={problem} id={messageId} />
      <label>
        Email
        <input name="email" type="email" required {...invalid('email')} />
      </label>
      <label>
        Name
        <input name="name" required {...invalid('name')} />
      </label>
      <label>
        Role
        <select name="role">
          <Options labels={ROLE_LABELS} chosen={LEAST_PRIVILEGED_ROLE} />
        </select>
      </label>
      <FormActions submit={fetching ? 'Adding…' : 'Add user'} disabled={fetching} onCancel={onDone} />
    </form>
  );
}
