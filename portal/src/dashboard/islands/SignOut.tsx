// Signing out is a button, not a page visit: a link from elsewhere cannot end a session.
import { Provider, useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { dashboardClient } from '../components/Shell.tsx';
import { ErrorMessage } from '../components/States.tsx';
import { LogoutMutation } from '../operations/session.ts';

export default function SignOutIsland() {
  return (
    <Provider value={dashboardClient()}>
      <SignOut />
    </Provider>
  );
}

function SignOut() {
  const [{ fetching, error }, logout] = useMutation(LogoutMutation);
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <div role="status">
        <p>You are signed out.</p>
        <p>
          <a href="/dashboard/sign-in/">Sign in again</a>
        </p>
      </div>
    );
  }
  return (
    <div>
      {error && <ErrorMessage error={error} />}
      <p>Sign out of the dashboard on this browser?</p>
      <button
        type="button"
        disabled={fetching}
        onClick={async () => {
          const result = await logout({});
          if (!result.error) setDone(true);
        }}
      >
        Sign out
      </button>{' '}
      <a href="/dashboard/">Back to the dashboard</a>
    </div>
  );
}
