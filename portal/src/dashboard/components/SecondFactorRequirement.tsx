// An admin's switch: members must use two-step sign-in to see the
// organization's data. The API insists the admin has it on first.
import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { type FieldError, fieldErrorOf } from '../errors.ts';
import { SecondFactorRequirementQuery, SetSecondFactorRequirementMutation } from '../operations/second-factor.ts';
import { SECURITY_PATH } from './Shell.tsx';

export function SecondFactorRequirement({ organization, organizationName }: { organization: string; organizationName: string }) {
  const [{ data }, reexecute] = useQuery({ query: SecondFactorRequirementQuery, variables: { organization } });
  const [{ fetching }, save] = useMutation(SetSecondFactorRequirementMutation);
  const [problem, setProblem] = useState<FieldError | null>(null);
  if (!data) return null;
  const required = data.organizationSecondFactorRequired;
  return (
    <section class="dash-panel" aria-labelledby="requirement-heading">
      <h2 id="requirement-heading">Two-step sign-in for {organizationName}</h2>
      <p>
        {required
          ? 'Required: members who have not set it up see only the page where they set it up.'
          : 'Not required: each member chooses. The table shows who has it on.'}
      </p>
      {problem && (
        <p class="dash-error" role="alert">
          {problem.message}
          {problem.code === 'SECOND_FACTOR_NOT_ENABLED' && (
            <>
              {' '}
              <a href={`${SECURITY_PATH}?org=${encodeURIComponent(organization)}`}>Set it up for yourself</a>
            </>
          )}
        </p>
      )}
      <button
        type="button"
        class={required ? 'dash-secondary' : undefined}
        disabled={fetching}
        onClick={async () => {
          const result = await save({ organization, required: !required });
          setProblem(result.error ? fieldErrorOf(result.error) : null);
          if (!result.error) reexecute({ requestPolicy: 'network-only' });
        }}
      >
        {required ? 'Stop requiring two-step sign-in' : 'Require two-step sign-in'}
      </button>
    </section>
  );
}
