// Retention settings: per organization and data category, how long data is
// kept, what starts the clock and what happens then. Every change is a new
// version (who, when, why), audited in its transaction; the public entries
// form the organization's published schedule. Initial settings come from
// policies/<org>/retention.yaml, loaded once for an organization that has
// none.
import type { RetentionAction } from '@governance/db';
import { permissionToChangeRetention } from '@governance/policies/vocabulary/access';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditActor, AuditRequest } from '../audit/models.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { findOrganization, organizationBySlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { RequestUseCaseContext, UseCaseContext } from '../use-case-context.ts';
import { requireAtLeastFloor } from './audit-retention-guard.ts';
import { describePeriod, INDEFINITE, parseDuration } from './duration.ts';
import * as repository from './retention.repository.ts';
import { NOT_ENFORCED_NOTE, ruleFor } from './rules/index.ts';

export const RETENTION_ACTIONS = ['DELETE', 'ANONYMIZE'] as const satisfies readonly RetentionAction[];

/** What the product does about a category: a built-in rule, or nothing (the organization keeps such data elsewhere). */
export interface Enforcement {
  enforced: boolean;
  rule: string | null;
  /** What the rule does, or "not enforced by this system". */
  note: string;
}

export interface RetentionSetting {
  id: string;
  organizationId: string;
  category: string;
  version: number;
  description: string;
  period: string;
  periodDescription: string;
  justification: string | null;
  trigger: string;
  action: RetentionAction;
  legalBasis: string;
  public: boolean;
  /** The staff member's name; null for settings loaded from the policy files. */
  changedBy: string | null;
  changedAt: Date;
  reason: string;
  enforcement: Enforcement;
}

/** One line of the published schedule: no author, no reason (those are internal). */
export interface ScheduleEntry {
  category: string;
  description: string;
  period: string;
  periodDescription: string;
  justification: string | null;
  trigger: string;
  action: RetentionAction;
  legalBasis: string;
  version: number;
  since: Date;
  enforcement: Enforcement;
}

export interface RetentionSchedule {
  organization: string;
  organizationName: string;
  at: Date;
  entries: ScheduleEntry[];
}

export interface SettingInput {
  category: string;
  description: string;
  period: string;
  justification?: string | null;
  trigger: string;
  action: string;
  legalBasis: string;
  public: boolean;
}

export function enforcementOf(category: string): Enforcement {
  const rule = ruleFor(category);
  return rule ? { enforced: true, rule: rule.name, note: rule.summary } : { enforced: false, rule: null, note: NOT_ENFORCED_NOTE };
}

function settingOf(row: repository.SettingVersionRow): RetentionSetting {
  return {
    id: row.id,
    organizationId: row.organization_id,
    category: row.category,
    version: row.version,
    description: row.description,
    period: row.period,
    periodDescription: describePeriod(row.period),
    justification: row.justification,
    trigger: row.trigger,
    action: row.action,
    legalBasis: row.legal_basis,
    public: row.public,
    changedBy: row.changed_by_name,
    changedAt: row.changed_at,
    reason: row.reason,
    enforcement: enforcementOf(row.category),
  };
}

function scheduleEntryOf(setting: RetentionSetting): ScheduleEntry {
  return {
    category: setting.category,
    description: setting.description,
    period: setting.period,
    periodDescription: setting.periodDescription,
    justification: setting.justification,
    trigger: setting.trigger,
    action: setting.action,
    legalBasis: setting.legalBasis,
    version: setting.version,
    since: setting.changedAt,
    enforcement: setting.enforcement,
  };
}

/** The public schedule as it stood at `at`; null for an unknown organization. Needs no sign-in. */
export async function publicSchedule(
  context: Pick<RequestUseCaseContext, 'db' | 'loaders'>,
  organizationSlug: string,
  at: Date,
): Promise<RetentionSchedule | null> {
  if (Number.isNaN(at.getTime())) throw new DomainError('BAD_USER_INPUT', 'at is not a valid date-time.', { field: 'at' });
  const { db } = context;
  const organization = await findOrganization(context, organizationSlug);
  if (!organization) return null;
  const rows = await repository.currentSettings(db, organization.id, at);
  return {
    organization: organization.slug,
    organizationName: organization.name,
    at,
    entries: rows.filter((row) => row.public).map((row) => scheduleEntryOf(settingOf(row))),
  };
}

/** Every category's current setting, public or not. */
export async function currentSettings(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'auditRetentionFloor'>,
  principal: Principal,
  organizationId: string,
): Promise<RetentionSetting[]> {
  requirePermission(principal, organizationId, 'retention:read');
  return (await repository.currentSettings(context.db, organizationId)).map(settingOf);
}

/** Every version of one category's setting, newest first. */
export async function settingHistory(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'auditRetentionFloor'>,
  principal: Principal,
  organizationId: string,
  category: string,
): Promise<RetentionSetting[]> {
  requirePermission(principal, organizationId, 'retention:read');
  return (await repository.settingHistory(context.db, organizationId, category)).map(settingOf);
}

const LIMITS = { description: 500, justification: 1000, trigger: 200, legalBasis: 500, reason: 1000 };

function requiredText(value: string | null | undefined, field: keyof typeof LIMITS, what: string): string {
  const text = (value ?? '').trim();
  if (text === '') throw new DomainError('BAD_USER_INPUT', `Give ${what}.`, { field });
  if (text.length > LIMITS[field]) {
    throw new DomainError('BAD_USER_INPUT', `${what[0]?.toUpperCase()}${what.slice(1)} must have at most ${LIMITS[field]} characters.`, {
      field,
    });
  }
  return text;
}

/** A setting as it may be stored, or a DomainError naming the field at fault. */
export function validateSetting(input: SettingInput): Omit<SettingInput, 'justification'> & {
  action: RetentionAction;
  justification: string | null;
} {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.category) || input.category.length > 64) {
    throw new DomainError('BAD_USER_INPUT', 'The category must be a lower-case slug such as "customer-data" (at most 64 characters).', {
      field: 'category',
    });
  }
  const period = input.period.trim();
  if (period !== INDEFINITE) {
    const parsed = parseDuration(period);
    if (!parsed.ok) throw new DomainError('BAD_USER_INPUT', `The period ${parsed.reason}.`, { field: 'period' });
  }
  const justification = input.justification?.trim() ? requiredText(input.justification, 'justification', 'a justification') : null;
  if (period === INDEFINITE && !justification) {
    throw new DomainError('BAD_USER_INPUT', 'Say why data of this category is kept indefinitely.', { field: 'justification' });
  }
  if (!(RETENTION_ACTIONS as readonly string[]).includes(input.action)) {
    throw new DomainError('BAD_USER_INPUT', 'The action must be DELETE or ANONYMIZE.', { field: 'action' });
  }
  const action = input.action as RetentionAction;
  const rule = ruleFor(input.category);
  if (rule && rule.action !== action) {
    // The setting is what the product obeys: it must say what the rule does.
    throw new DomainError(
      'BAD_USER_INPUT',
      `This system enforces ${input.category} with ${rule.action} (${rule.summary}); the action must be ${rule.action}.`,
      { field: 'action' },
    );
  }
  return {
    category: input.category,
    description: requiredText(input.description, 'description', 'a description'),
    period,
    justification,
    trigger: requiredText(input.trigger, 'trigger', 'what starts the clock (the trigger)'),
    action,
    legalBasis: requiredText(input.legalBasis, 'legalBasis', 'the legal basis'),
    public: input.public,
  };
}

/** Adds a version of the category's setting (version 1 for a new category). */
export async function updateSetting(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'auditRetentionFloor'>,
  principal: Principal,
  organizationId: string,
  input: SettingInput & { expectedVersion?: number | null },
  reason: string,
  request: AuditRequest | null,
): Promise<RetentionSetting> {
  requirePermission(principal, organizationId, 'retention:write');
  if (principal.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only staff users change retention settings.');
  const setting = validateSetting(input);
  // Some categories need more than retention:write (the audit trail's own: admins only).
  requirePermission(principal, organizationId, permissionToChangeRetention(setting.category));
  const now = context.clock.now();
  requireAtLeastFloor(setting.category, setting.period, context.auditRetentionFloor, now);
  const why = requiredText(reason, 'reason', 'the reason for the change');
  return context.db.transaction().execute(async (trx) => {
    // Serialises changes of one organization's settings, so versions never collide.
    await repository.lockOrganization(trx, organizationId);
    const current = await repository.latestVersion(trx, organizationId, setting.category);
    if (input.expectedVersion != null && input.expectedVersion !== current) {
      throw new DomainError(
        'VERSION_CONFLICT',
        `The setting for ${setting.category} is at version ${current}, not ${input.expectedVersion}: someone changed it meanwhile. Reload it and try again.`,
        { field: 'expectedVersion' },
      );
    }
    const [row] = await repository.insertSettingVersions(trx, [
      {
        organization_id: organizationId,
        category: setting.category,
        version: current + 1,
        description: setting.description,
        period: setting.period,
        justification: setting.justification,
        trigger: setting.trigger,
        action: setting.action,
        legal_basis: setting.legalBasis,
        public: setting.public,
        changed_by: principal.userId,
        changed_at: now,
        reason: why,
      },
    ]);
    if (!row) throw new Error('a retention setting version was not stored');
    await recordAuditEvent(trx, {
      organizationId,
      actor: auditActorOf(principal),
      action: AUDIT_ACTION.retentionSettingUpdated,
      target: { type: 'RetentionSetting', id: row.id },
      metadata: {
        category: row.category,
        version: row.version,
        period: row.period,
        action: row.action,
        public: row.public,
        enforced: enforcementOf(row.category).enforced,
      },
      request,
      occurredAt: now,
    });
    return settingOf(row);
  });
}

export interface LoadedSettings {
  organization: string;
  /** False when the organization had settings already (the file is then only the starting point it once was). */
  loaded: boolean;
  count: number;
}

/**
 * Stores an organization's initial settings as version 1, unless it has
 * settings already. Safe to run from several processes at once.
 */
export async function loadInitialSettings(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'auditRetentionFloor'>,
  organizationSlug: string,
  settings: SettingInput[],
  source: string,
  actor: AuditActor,
): Promise<LoadedSettings> {
  const organization = await organizationBySlug(context, organizationSlug);
  if (!organization) throw new DomainError('UNKNOWN_ORGANIZATION', `There is no organization "${organizationSlug}".`, { field: 'org' });
  const now = context.clock.now();
  const valid = settings.map((setting) => {
    try {
      const checked = validateSetting(setting);
      requireAtLeastFloor(checked.category, checked.period, context.auditRetentionFloor, now);
      return checked;
    } catch (error) {
      if (error instanceof DomainError) {
        throw new DomainError(error.code, `${source}: ${setting.category}: ${error.message}`, error.field ? { field: error.field } : {});
      }
      throw error;
    }
  });
  return context.db.transaction().execute(async (trx) => {
    await repository.lockOrganization(trx, organization.id);
    if (await repository.hasAnySetting(trx, organization.id)) return { organization: organization.slug, loaded: false, count: 0 };
    const rows = await repository.insertSettingVersions(
      trx,
      valid.map((setting) => ({
        organization_id: organization.id,
        category: setting.category,
        version: 1,
        description: setting.description,
        period: setting.period,
        justification: setting.justification,
        trigger: setting.trigger,
        action: setting.action,
        legal_basis: setting.legalBasis,
        public: setting.public,
        changed_by: null,
        changed_at: now,
        reason: `Initial setting from ${source}`,
      })),
    );
    await recordAuditEvent(trx, {
      organizationId: organization.id,
      actor,
      action: AUDIT_ACTION.retentionSettingsLoaded,
      target: { type: 'Organization', id: organization.id },
      metadata: { source, categories: rows.map((row) => row.category) },
      occurredAt: now,
    });
    return { organization: organization.slug, loaded: true, count: rows.length };
  });
}

export interface RetentionFileInput {
  organization: string;
  file: string;
  data: { settings: SettingInput[] };
}

/**
 * Loads each organization's retention file (policies/<org>/retention.yaml)
 * as its initial settings where it has none yet; returns a line per
 * organization loaded. A file the API refuses (a built-in category with the
 * wrong action, an audit-events period below the floor) fails with its name.
 */
export async function loadRetentionFiles(
  context: Pick<UseCaseContext, 'db' | 'clock' | 'auditRetentionFloor'>,
  files: readonly RetentionFileInput[],
  displayName: (file: string) => string,
): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    const source = displayName(file.file);
    const result = await loadInitialSettings(context, file.organization, file.data.settings, source, {
      type: 'SYSTEM',
      id: null,
      label: 'policy sync',
    });
    if (result.loaded) lines.push(`Loaded ${result.count} retention settings for ${result.organization} from ${source}.`);
  }
  return lines;
}

/** "support-tickets, version 2" for setting versions, for readers of the organization's audit trail. */
export async function settingLabelsForAuditTrail(
  { db }: Pick<UseCaseContext, 'db'>,
  principal: Principal,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  requirePermission(principal, organizationId, 'audit:read');
  const versions = await repository.settingVersionsByIds(db, organizationId, ids);
  return new Map([...versions].map(([id, { category, version }]) => [id, `${category}, version ${version}`]));
}
