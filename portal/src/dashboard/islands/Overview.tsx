import { ROLE_LABELS } from '@governance/policies/vocabulary/access';
import { type DashboardContext, Shell } from '../components/Shell.tsx';

export default function OverviewIsland() {
  return <Shell page="overview">{(context) => <Overview context={context} />}</Shell>;
}

function Overview({ context }: { context: DashboardContext }) {
  const withOrg = (path: string) => `${path}?org=${encodeURIComponent(context.organization)}`;
  const links = [
    context.can('audit:read') && {
      href: withOrg('/dashboard/audit/'),
      label: 'Audit trail',
      text: 'Every change, filtered, exported, and its hash chain verified.',
    },
    context.can('tokens:manage') && {
      href: withOrg('/dashboard/tokens/'),
      label: 'API tokens',
      text: 'Read access for tools: create, list, revoke.',
    },
    context.can('users:manage') && {
      href: withOrg('/dashboard/users/'),
      label: 'Users',
      text: 'Staff of the organization, their roles, and who is disabled.',
    },
  ].filter((link) => link !== false);
  return (
    <section aria-labelledby="overview-heading">
      <h2 id="overview-heading">{context.organization}</h2>
      <p>
        You are signed in as {context.isSiteAdmin ? 'a site administrator' : `${context.role ? ROLE_LABELS[context.role] : 'a member'}`} of{' '}
        {context.organization}.
      </p>
      {links.length === 0 ? (
        <p class="dash-empty">There is nothing for your role here yet.</p>
      ) : (
        <ul class="dash-cards">
          {links.map((link) => (
            <li key={link.href}>
              <a href={link.href}>{link.label}</a>
              <p>{link.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
