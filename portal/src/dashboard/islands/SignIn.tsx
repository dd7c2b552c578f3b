// Sign-in form. The API sets an httpOnly session cookie; nothing is kept in
// the page's storage. Afterwards the browser goes back to ?next= when that is
// a dashboard page of this site (next-path.ts).
import { Provider, useMutation } from '@urql/preact';
import { useRef, useState } from 'preact/hooks';
import { dashboardClient } from '../components/Shell.tsx';
import { fieldErrorOf } from '../errors.ts';
import { safeNextPath } from '../next-path.ts';
import { LoginMutation } from '../operations/session.ts';

export default function SignInIsland() {
  return (
    <Provider value={dashboardClient()}>
      <SignInForm />
    </Provider>
  );
}

function SignInForm() {
  const [{ fetching }, login] = useMutation(LoginMutation);
  const [problem, setProblem] = useState<{ message: string; locked: boolean } | null>(null);
  const alert = useRef<HTMLDivElement>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const result = await login({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
    if (result.error) {
      const error = fieldErrorOf(result.error);
      setProblem({ message: error.message, locked: error.code === 'LOCKED_OUT' });
      // The message is announced (role=alert); focus goes to it so it is read before the form again.
      requestAnimationFrame(() => alert.current?.focus());
      return;
    }
    location.assign(safeNextPath(new URLSearchParams(location.search).get('next'), location.origin));
  };

  return (
    <form class="dash-form dash-sign-in" onSubmit={submit} noValidate>
      {problem && (
        <div ref={alert} class={`dash-error${problem.locked ? ' dash-locked' : ''}`} role="alert" tabIndex={-1}>
          <p>
            {problem.locked ? <strong>Your account is locked for now. </strong> : null}
            {problem.message}
          </p>
        </div>
      )}
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
