// The frame of every dashboard page: checks the session (signing in first
// when there is none, then coming back here), picks the organization
// (?org=, else the first the user belongs to), shows the navigation the
// user's role allows, and renders the page only when that role may use it.

import { allows, type OrganizationRole, type Permission, ROLE_LABELS } from '@governance/policies/vocabulary/access';
import { signInUrl } from '@governance/policies/vocabulary/urls';
import { Provider, useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { createDashboardClient } from '../client.ts';
import { MySecondFactorQuery } from '../operations/second-factor.ts';
import { ViewerQuery } from '../operations/session.ts';
import { PendingInvitations } from './PendingInvitations.tsx';
import { ErrorMessage, Loading } from './States.tsx';

export interface DashboardContext {
  /** The organization's slug, as the API and addresses name it. */
  organization: string;
  /** Its display name ("LeenOps"), for words people read. */
  organizationName: string;
  role: OrganizationRole | null;
  isSiteAdmin: boolean;
  userId: string;
  can: (permission: Permission) => boolean;
}

export type Page = 'overview' | 'requests' | 'objections' | 'changes' | 'retention' | 'audit' | 'tokens' | 'users' | 'security';

const PAGES: { page: Page; label: string; path: string; needs: Permission | null }[] = [
  { page: 'overview', label: 'Overview', path: '/dashboard/', needs: null },
  { page: 'requests', label: 'Privacy requests', path: '/dashboard/requests/', needs: 'deletion-requests:read' },
  { page: 'objections', label: 'Objections', path: '/dashboard/objections/', needs: 'subprocessor-objections:read' },
  { page: 'changes', label: 'Change notices', path: '/dashboard/changes/', needs: 'change-evidence:export' },
  { page: 'retention', label: 'Retention', path: '/dashboard/retention/', needs: 'retention:read' },
  { page: 'audit', label: 'Audit trail', path: '/dashboard/audit/', needs: 'audit:read' },
  { page: 'tokens', label: 'API tokens', path: '/dashboard/tokens/', needs: 'tokens:manage' },
  { page: 'users', label: 'Users', path: '/dashboard/users/', needs: 'users:manage' },
  { page: 'security', label: 'Two-step sign-in', path: '/dashboard/security/', needs: null },
];

export const SECURITY_PATH = '/dashboard/security/';

let client: ReturnType<typeof createDashboardClient> | undefined;
export const dashboardClient = () => {
  client ??= createDashboardClient();
  return client;
};

interface Props {
  page: Page;
  children: (context: DashboardContext) => ComponentChildren;
}

export function Shell(props: Props) {
  return (
    <Provider value={dashboardClient()}>
      <SignedIn {...props} />
    </Provider>
  );
}

const here = () => `${location.pathname}${location.search}`;

function SignedIn({ page, children }: Props) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ViewerQuery, requestPolicy: 'network-only' });
  const me = data?.me;
  useEffect(() => {
    if (data && !me) location.replace(signInUrl(here()));
  }, [data, me]);
  // An organization that requires two-step sign-in shows nothing until it is set up: go there first.
  const [{ data: secondFactor }] = useQuery({ query: MySecondFactorQuery, pause: !me });
  const mustEnrol = page !== 'security' && (secondFactor?.mySecondFactor.requiredBy.length ?? 0) > 0;
  useEffect(() => {
    if (!mustEnrol) return;
    const org = new URLSearchParams(location.search).get('org');
    location.replace(`${SECURITY_PATH}?required=1${org ? `&org=${encodeURIComponent(org)}` : ''}`);
  }, [mustEnrol]);

  const context = useMemo((): DashboardContext | null => {
    if (!me) return null;
    const wanted = new URLSearchParams(location.search).get('org');
    const membership = me.memberships.find((candidate) => candidate.organization === wanted) ?? me.memberships[0];
    const organization = membership?.organization ?? (me.user.isSiteAdmin ? wanted : null);
    if (!organization) return null;
    const role = (membership?.organization === organization ? membership.role : null) as OrganizationRole | null;
    return {
      organization,
      // A site administrator looking at an organization without a membership sees its slug.
      organizationName: membership?.organization === organization ? membership.organizationName : organization,
      role,
      isSiteAdmin: me.user.isSiteAdmin,
      userId: me.user.id,
      can: (capability) => allows(role, me.user.isSiteAdmin, capability),
    };
  }, [me]);

  if (error) return <ErrorMessage error={error} retry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (fetching || !data) return <Loading label="Checking your session…" />;
  if (!me) return <Loading label="Taking you to sign in…" />;
  if (mustEnrol) return <Loading label="Taking you to set up two-step sign-in…" />;
  if (!context) {
    return (
      <div class="dash-shell">
        <PendingInvitations />
        <p class="dash-state" role="status">
          Your account has no organization yet.{' '}
          {me.user.isSiteAdmin ? 'Add ?org=<slug> to the address to open one.' : 'Accept an invitation, or ask an admin to invite you.'}
        </p>
      </div>
    );
  }
  const current = PAGES.find((entry) => entry.page === page);
  const allowed = !current?.needs || context.can(current.needs);
  const withOrg = (path: string) => `${path}?org=${encodeURIComponent(context.organization)}`;
  return (
    <div class="dash-shell">
      <div class="dash-bar">
        <nav aria-label="Dashboard" class="dash-nav">
          <ul>
            {PAGES.filter((entry) => !entry.needs || context.can(entry.needs)).map((entry) => (
              <li key={entry.page}>
                <a href={withOrg(entry.path)} aria-current={entry.page === page ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="dash-who">
          <OrganizationPicker
            current={context.organization}
            currentName={context.organizationName}
            choices={me.memberships.map((membership) => ({ slug: membership.organization, name: membership.organizationName }))}
          />
          <span>
            {me.user.name} · {context.isSiteAdmin ? 'Site administrator' : context.role ? ROLE_LABELS[context.role] : ''}
          </span>
          <a href="/dashboard/sign-out/">Sign out</a>
        </div>
      </div>
      {page === 'overview' && <PendingInvitations />}
      {allowed ? (
        children(context)
      ) : (
        <p class="dash-state" role="alert">
          Your role in {context.organizationName} does not include this page.
        </p>
      )}
    </div>
  );
}

function OrganizationPicker({
  current,
  currentName,
  choices,
}: {
  current: string;
  currentName: string;
  choices: { slug: string; name: string }[];
}) {
  if (choices.length < 2) return <span class="dash-org">{currentName}</span>;
  return (
    <label class="dash-org">
      Organization{' '}
      <select
        value={current}
        onChange={(event) => {
          const url = new URL(location.href);
          url.searchParams.set('org', event.currentTarget.value);
          location.assign(url.toString());
        }}
      >
        {choices.map(({ slug, name }) => (
          <option key={slug} value={slug}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
