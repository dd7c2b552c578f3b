// Names on the audit trail: who acted (a member's name, a token's name) and
// what the event is about (DR-2026-NB4SG, "Privacy Policy 2.0", a person's
// name), so a reader need not look ids up. The audit domain imports no other
// domain, so the names are resolved here, each through the service of the
// domain that owns it (which checks the reader's permission again), and
// batched: one query per kind of target per request, however many events a
// page holds. Events are immutable; a name is read as it stands now, so
// a renamed person shows their current name (the hashed label stays in
// `actor.label`). `auditTrailMembers` lists the people a reader can pick
// to see whose events, by name rather than by id.
import DataLoader from 'dataloader';
import { AuditEventRef } from '../audit/audit.schema.ts';
import type { AuditEvent } from '../audit/models.ts';
import { apiTokenNamesForAuditTrail } from '../auth/auth.service.ts';
import { memberNamesForAuditTrail, membersForAuditTrail } from '../auth/users.service.ts';
import { referencesForAuditTrail } from '../deletion-requests/deletion-requests.service.ts';
import { organizationNameForAuditTrail, policyLabelsForAuditTrail } from '../policies/policies.service.ts';
import { settingLabelsForAuditTrail } from '../retention/retention.service.ts';
import { isUuid } from '../shared/input-checks.ts';
import { builder } from './builder.ts';
import type { GraphQLContext } from './context.ts';
import { organizationIdOf, permissionInOrganization } from './organization-argument.ts';

/** Labels of several ids of one kind in one organization. */
type LabelSource = (context: GraphQLContext, organizationId: string, ids: string[]) => Promise<Map<string, string>>;

const SOURCES: Record<string, LabelSource> = {
  User: (context, organizationId, ids) => memberNamesForAuditTrail(context.useCases, context.principal, organizationId, ids),
  ApiToken: (context, organizationId, ids) => apiTokenNamesForAuditTrail(context.useCases, context.principal, organizationId, ids),
  DeletionRequest: (context, organizationId, ids) => referencesForAuditTrail(context.useCases, context.principal, organizationId, ids),
  RetentionSetting: (context, organizationId, ids) => settingLabelsForAuditTrail(context.useCases, context.principal, organizationId, ids),
  Policy: (context, organizationId, ids) => policyLabelsForAuditTrail(context.useCases, organizationId, { policies: ids, versions: [] }),
  PolicyVersion: (context, organizationId, ids) =>
    policyLabelsForAuditTrail(context.useCases, organizationId, { policies: [], versions: ids }),
  Organization: async (context, organizationId, ids) => {
    const name = ids.includes(organizationId) ? await organizationNameForAuditTrail(context.useCases, organizationId) : null;
    return new Map(name ? [[organizationId, name]] : []);
  },
};

interface LabelKey {
  organizationId: string;
  type: string;
  id: string;
}

const loaders = new WeakMap<GraphQLContext, DataLoader<LabelKey, string | null, string>>();

function labelLoader(context: GraphQLContext): DataLoader<LabelKey, string | null, string> {
  let loader = loaders.get(context);
  if (!loader) {
    loader = new DataLoader(
      async (keys: readonly LabelKey[]) => {
        const groups = Map.groupBy(keys, (key) => `${key.organizationId} ${key.type}`);
        const labels = new Map<string, string>();
        for (const group of groups.values()) {
          const { organizationId, type } = group[0] as LabelKey;
          const source = SOURCES[type];
          // Ids are recorded as given; only well-formed ones reach a uuid column.
          const ids = [...new Set(group.map((key) => key.id).filter(isUuid))];
          if (!source || ids.length === 0) continue;
          for (const [id, label] of await source(context, organizationId, ids)) labels.set(`${organizationId} ${type} ${id}`, label);
        }
        return keys.map((key) => labels.get(`${key.organizationId} ${key.type} ${key.id}`) ?? null);
      },
      { cacheKeyFn: (key) => `${key.organizationId} ${key.type} ${key.id}` },
    );
    loaders.set(context, loader);
  }
  return loader;
}

const ACTOR_TYPES: Partial<Record<AuditEvent['actor']['type'], string>> = { USER: 'User', API_TOKEN: 'ApiToken' };

builder.objectFields(AuditEventRef, (t) => ({
  actorName: t.string({
    nullable: true,
    description:
      'Who acted, by name as the organization knows them now: a member’s name, an API token’s name. Null when unknown (a site administrator, the system, someone signed out); `actor.label` then says what was recorded.',
    resolve: (event, _args, context) => {
      const type = ACTOR_TYPES[event.actor.type];
      if (!event.organizationId || !type || !event.actor.id) return null;
      return labelLoader(context).load({ organizationId: event.organizationId, type, id: event.actor.id });
    },
  }),
  targetLabel: t.string({
    nullable: true,
    description:
      'What the event is about, as a reader recognises it: a deletion request’s reference (DR-2026-7K3Q9), a policy’s title and version, a member’s or token’s name, a retention category and version. Null when there is none to show (a target since removed, or one without a name).',
    resolve: ({ organizationId, target }, _args, context) => {
      if (!organizationId || !target.type || !target.id) return null;
      return labelLoader(context).load({ organizationId, type: target.type, id: target.id });
    },
  }),
}));

const AuditTrailMemberRef = builder.objectRef<{ userId: string; name: string }>('AuditTrailMember').implement({
  description: 'A member as the audit trail names them: the id events record as the actor, and their name.',
  // Reached only through auditTrailMembers, which carries the organization's check.
  authScopes: { public: true },
  fields: (t) => ({
    id: t.exposeID('userId', { description: 'The id `AuditEventFilter.actorId` takes.' }),
    name: t.exposeString('name'),
  }),
});

builder.queryFields((t) => ({
  auditTrailMembers: t.field({
    type: [AuditTrailMemberRef],
    description: 'The organization’s members, disabled ones too, by name: whose events to filter by (needs audit:read).',
    args: { organization: t.arg.string({ required: true, description: 'The organization slug.' }) },
    authScopes: permissionInOrganization('audit:read'),
    resolve: async (_root, args, context) =>
      membersForAuditTrail(context.useCases, context.principal, await organizationIdOf(context, args.organization)),
  }),
}));
