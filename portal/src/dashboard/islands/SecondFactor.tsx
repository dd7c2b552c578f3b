// Your own two-step sign-in: set it up with an authenticator app (QR code,
// or the key typed by hand), confirm with a code, save the recovery codes
// shown once; later, see how many codes are left and get new ones.
import { useMutation, useQuery } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AuthenticatorCodeField } from '../components/AuthenticatorCodeField.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { RecoveryCodes } from '../components/RecoveryCodes.tsx';
import { Shell } from '../components/Shell.tsx';
import { ErrorMessage, Loading } from '../components/States.tsx';
import { fieldErrorOf } from '../errors.ts';
import { useFormProblem } from '../hooks/useFormProblem.ts';
import {
  ConfirmSecondFactorMutation,
  MySecondFactorQuery,
  RegenerateRecoveryCodesMutation,
  StartSecondFactorMutation,
} from '../operations/second-factor.ts';

export default function SecondFactorIsland() {
  return <Shell page="security">{() => <SecondFactor />}</Shell>;
}

interface Pending {
  secret: string;
  qrCode: string;
}

function SecondFactor() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MySecondFactorQuery, requestPolicy: 'network-only' });
  const [pending, setPending] = useState<Pending | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          refresh();
        }}
      />
    );
  }
  if (error) return <ErrorMessage error={error} retry={refresh} />;
  if (fetching || !data) return <Loading label="Loading your sign-in settings…" />;
  const status = data.mySecondFactor;
  if (pending) {
    return (
      <Enrol
        pending={pending}
        onConfirmed={(recoveryCodes) => {
          setPending(null);
          setCodes(recoveryCodes);
        }}
        onCancel={() => setPending(null)}
      />
    );
  }
  if (!status.enabled) return <Off requiredBy={status.requiredBy} onStarted={setPending} />;
  return <On recoveryCodesLeft={status.recoveryCodesLeft} onNewCodes={setCodes} />;
}

function Off({ requiredBy, onStarted }: { requiredBy: readonly string[]; onStarted: (pending: Pending) => void }) {
  const [{ fetching, error }, start] = useMutation(StartSecondFactorMutation);
  return (
    <section class="dash-panel" aria-labelledby="off-heading">
      {requiredBy.length > 0 && (
        <p class="dash-notice" role="alert">
          <strong>{requiredBy.join(', ')} requires two-step sign-in.</strong> Set it up to continue to the dashboard.
        </p>
      )}
      <h2 id="off-heading">
        Two-step sign-in is <span class="dash-badge dash-badge-revoked">off</span>
      </h2>
      <p>
        With two-step sign-in, signing in needs your password and a 6-digit code from an app on your phone, such as Google Authenticator,
        Microsoft Authenticator or 1Password. Someone who learns your password still cannot get in.
      </p>
      {error && <ErrorMessage error={error} />}
      <button
        type="button"
        disabled={fetching}
        onClick={async () => {
          const result = await start({});
          if (result.data) onStarted(result.data.startSecondFactorEnrolment);
        }}
      >
        {fetching ? 'Preparing…' : 'Set up two-step sign-in'}
      </button>
    </section>
  );
}

/** The key in groups of four, easier to read and type. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

function Enrol({ pending, onConfirmed, onCancel }: { pending: Pending; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const [{ fetching }, confirm] = useMutation(ConfirmSecondFactorMutation);
  const { problem, setProblem, messageId, invalid } = useFormProblem();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const result = await confirm({ code: String(form.get('code') ?? ''), password: String(form.get('password') ?? '') });
    if (result.error) setProblem(fieldErrorOf(result.error));
    else if (result.data) onConfirmed(result.data.confirmSecondFactorEnrolment.recoveryCodes);
  };
  return (
    <section class="dash-panel" aria-labelledby="enrol-heading">
      <h2 id="enrol-heading" ref={heading} tabIndex={-1}>
        Set up two-step sign-in
      </h2>
      <ol class="dash-steps">
        <li>
          <h3>Scan this QR code with your authenticator app</h3>
          <img class="dash-qr" src={pending.qrCode} alt="QR code for your authenticator app" width={200} height={200} />
          <p class="dash-hint">Cannot scan it? In the app, choose to enter a key by hand and type:</p>
          <code class="dash-key" data-testid="totp-secret">
            {grouped(pending.secret)}
          </code>
        </li>
        <li>
          <h3>Enter the 6-digit code the app shows, and your password</h3>
          <form class="dash-form" onSubmit={submit} noValidate>
            <FormProblem problem={problem} id={messageId} />
            <AuthenticatorCodeField label="Code" {...invalid('code')} />
            <label>
              Your password
              <input name="password" type="password" autoComplete="current-password" maxLength={1024} required {...invalid('password')} />
            </label>
            <p class="dash-hint">
              Your password shows it is really you. Once this is on, you are signed out everywhere else, such as on other computers.
            </p>
            <FormActions submit={fetching ? 'Checking…' : 'Turn on two-step sign-in'} disabled={fetching} onCancel={onCancel} />
          </form>
        </li>
      </ol>
    </section>
  );
}

function On({ recoveryCodesLeft, onNewCodes }: { recoveryCodesLeft: number; onNewCodes: (codes: string[]) => void }) {
  const [{ fetching }, regenerate] = useMutation(RegenerateRecoveryCodesMutation);
  const [asking, setAsking] = useState(false);
  const { problem, setProblem, messageId } = useFormProblem();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '');
    const result = await regenerate({ code });
    if (result.error) setProblem(fieldErrorOf(result.error));
    else if (result.data) onNewCodes(result.data.regenerateRecoveryCodes.recoveryCodes);
  };
  return (
    <section class="dash-panel" aria-labelledby="on-heading">
      <h2 id="on-heading">
        Two-step sign-in is <span class="dash-badge dash-badge-active">on</span>
      </h2>
      <p>Signing in asks for a code from your authenticator app after your password.</p>
      <p>
        <strong>{recoveryCodesLeft}</strong> of 10 recovery codes left.{' '}
        {recoveryCodesLeft <= 3 && 'Get new ones soon, so you can still sign in if you lose your phone.'}
      </p>
      <p class="dash-hint">Lost your phone? An admin of your organization can reset two-step sign-in so you can set it up again.</p>
      {asking ? (
        <form class="dash-form" onSubmit={submit} noValidate>
          <FormProblem problem={problem} id={messageId} />
          {/* The code is its only field: any problem is about it. */}
          <AuthenticatorCodeField
            label="Code from your authenticator app"
            aria-describedby="regenerate-hint"
            aria-invalid={problem ? 'true' : undefined}
          />
          <p id="regenerate-hint" class="dash-hint">
            Your old recovery codes stop working.
          </p>
          <FormActions submit="Get new recovery codes" disabled={fetching} onCancel={() => setAsking(false)} />
        </form>
      ) : (
        <button type="button" class="dash-secondary" onClick={() => setAsking(true)}>
          Get new recovery codes
        </button>
      )}
    </section>
  );
}
