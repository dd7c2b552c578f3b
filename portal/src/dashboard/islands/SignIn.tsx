// Sign-in form. The API sets an httpOnly session cookie; nothing is kept in
// the page's storage. With two-step sign-in on, the password step answers
// with a short-lived challenge and the form asks for the app's code (or a
// recovery code) next. Afterwards the browser goes back to ?next= when that
// is a dashboard page of this site (next-path.ts).
import type { CombinedError } from '@urql/core';
import { Provider, useMutation } from '@urql/preact';
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AuthenticatorCodeField } from '../components/AuthenticatorCodeField.tsx';
import { dashboardClient } from '../components/Shell.tsx';
import { fieldErrorOf } from '../errors.ts';
import { safeNextPath } from '../next-path.ts';
import { CompleteLoginMutation } from '../operations/second-factor.ts';
import { LoginMutation } from '../operations/session.ts';

export default function SignInIsland() {
  return (
    <Provider value={dashboardClient()}>
      <SignIn />
    </Provider>
  );
}

interface Problem {
  message: string;
  locked: boolean;
}

const problemOf = (error: CombinedError): Problem => {
  const { message, code } = fieldErrorOf(error);
  return { message, locked: code === 'LOCKED_OUT' };
};

const goOn = () => location.assign(safeNextPath(new URLSearchParams(location.search).get('next'), location.origin));

function SignIn() {
  const [challenge, setChallenge] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (challenge) {
    return (
      <CodeStep
        challenge={challenge}
        onExpired={(expired) => {
          setChallenge(null);
          setProblem(expired);
        }}
      />
    );
  }
  return <PasswordStep initialProblem={problem} onChallenge={setChallenge} />;
}

/**
 * The problem shown in the alert above a step's form. It is announced
 * (role=alert), and focus goes to it so it is read before the form again.
 */
function useFocusedProblem(initial: Problem | null) {
  const [problem, setProblem] = useState<Problem | null>(initial);
  const alert = useRef<HTMLDivElement>(null);
  const show = (next: Problem) => {
    setProblem(next);
    requestAnimationFrame(() => alert.current?.focus());
  };
  return { problem, setProblem, show, alert };
}

function PasswordStep({ initialProblem, onChallenge }: { initialProblem: Problem | null; onChallenge: (challenge: string) => void }) {
  const [{ fetching }, login] = useMutation(LoginMutation);
  const { problem, show, alert } = useFocusedProblem(initialProblem);
  useEffect(() => {
    if (initialProblem) alert.current?.focus();
  }, [initialProblem]);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const result = await login({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
    if (result.error) {
      const first = result.error.graphQLErrors[0]?.extensions as { code?: string; challenge?: string } | undefined;
      if (first?.code === 'SECOND_STEP_REQUIRED' && first.challenge) return onChallenge(first.challenge);
      return show(problemOf(result.error));
    }
    goOn();
  };

  return (
    <form class="dash-form dash-sign-in" onSubmit={submit} noValidate>
      <ProblemAlert problem={problem} alert={alert} />
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={fetching}>
        {fetching ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function CodeStep({ challenge, onExpired }: { challenge: string; onExpired: (problem: Problem) => void }) {
  const [{ fetching }, complete] = useMutation(CompleteLoginMutation);
  const [useRecovery, setUseRecovery] = useState(false);
  const { problem, setProblem, show, alert } = useFocusedProblem(null);
  const input = useRef<HTMLInputElement>(null);
  // The form changed under the person: focus goes to the one thing to fill in.
  useEffect(() => input.current?.focus(), [useRecovery]);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '');
    const result = await complete(useRecovery ? { challenge, recoveryCode: value } : { challenge, code: value });
    if (result.error) {
      const { code } = fieldErrorOf(result.error);
      if (code === 'SIGN_IN_EXPIRED' || code === 'LOCKED_OUT') return onExpired(problemOf(result.error));
      return show(problemOf(result.error));
    }
    goOn();
  };

  return (
    <form class="dash-form dash-sign-in" onSubmit={submit} noValidate>
      <h2 class="dash-step-title">Two-step sign-in</h2>
      <ProblemAlert problem={problem} alert={alert} />
      {useRecovery ? (
        <label>
          Recovery code
          <input
            ref={input}
            key="recovery"
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            required
            aria-describedby="code-hint"
            aria-invalid={problem ? 'true' : undefined}
          />
        </label>
      ) : (
        <AuthenticatorCodeField
          key="totp"
          label="Code from your authenticator app"
          inputRef={input}
          aria-describedby="code-hint"
          aria-invalid={problem ? 'true' : undefined}
        />
      )}
      <p id="code-hint" class="dash-hint">
        {useRecovery
          ? 'One of the recovery codes you saved when you set up two-step sign-in. Each works once.'
          : 'Open the app on your phone and type the 6-digit code it shows for the governance portal.'}
      </p>
      <button type="submit" disabled={fetching}>
        {fetching ? 'Checking…' : 'Verify'}
      </button>
      <button
        type="button"
        class="dash-secondary"
        onClick={() => {
          setUseRecovery(!useRecovery);
          setProblem(null);
        }}
      >
        {useRecovery ? 'Use the code from my app' : 'Use a recovery code'}
      </button>
    </form>
  );
}

function ProblemAlert({ problem, alert }: { problem: Problem | null; alert: RefObject<HTMLDivElement> }) {
  if (!problem) return null;
  return (
    <div ref={alert} class={`dash-error${problem.locked ? ' dash-locked' : ''}`} role="alert" tabIndex={-1}>
      <p>
        {problem.locked ? <strong>Your account is locked for now. </strong> : null}
        {problem.message}
      </p>
    </div>
  );
}
