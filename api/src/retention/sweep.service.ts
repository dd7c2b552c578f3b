// The sweep: applies an organization's retention settings to the product's
// own data at `now`. Each built-in rule finds what its period makes due and
// acts on it in bounded batches; each batch commits together with the run's
// counts, under the organization's advisory lock, so any number of sweeps
// started at once (replicas, the job and the CLI) do the work once, and a
// run that is interrupted is resumed, with the same cutoffs, by the next
// sweep. When a rule finishes, one `retention.swept` event records its count.
// A dry run counts the same things and changes nothing. The audit trail's
// own rule never goes below AUDIT_RETENTION_FLOOR, whatever the setting says
// (see audit-retention-guard.ts).
import type { RetentionRunRow, RetentionRunRuleJson } from '@governance/db';
import { AUDIT_ACTION } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { AuditActor } from '../audit/models.ts';
import type { SigningKey } from '../audit/signing-key.ts';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { listOrganizations, organizationBySlug } from '../policies/policies.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import { cutoffHeldToFloor, periodHeldToFloor } from './audit-retention-guard.ts';
import { cutoffFor, INDEFINITE, parseDuration } from './duration.ts';
import * as repository from './retention.repository.ts';
import { BUILT_IN_RULES, type RetentionRule, type RuleContext } from './rules/index.ts';

/** Rows per transaction: short transactions, and an interrupted run loses at most one batch of progress. */
export const SWEEP_BATCH_SIZE = 500;

/**
 * The use-case context as a sweep reads it. `signingKey` (which signs the
 * record of an audit-trail purge) may be null where nothing is purged: a
 * dry run, a preview. `mailDirectory` unset: no mail files are touched;
 * `logger` is told (at warn level) when a setting is below the floor.
 */
type SweepDeps = Pick<UseCaseContext, 'db' | 'clock' | 'auditRetentionFloor'> &
  Partial<Pick<UseCaseContext, 'mailDirectory' | 'logger'>> & {
    signingKey: SigningKey | null;
    /** Rows per transaction; default SWEEP_BATCH_SIZE (tests make it small). */
    batchSize?: number;
  };

export interface SweepOptions {
  dryRun: boolean;
  /** Who started it, recorded on the run: the scheduled job or the command line (the dashboard only previews: dry runs). */
  startedBy: 'job' | 'cli' | 'dashboard';
}

export type RuleStatus = 'SWEPT' | 'KEPT_INDEFINITELY' | 'NOT_ENFORCED';

export interface RuleOutcome {
  category: string;
  rule: string | null;
  /** What happened to the items counted ("deleted", "anonymized", "expired"); null where no rule ran. */
  outcome: RetentionRule['outcome'] | null;
  status: RuleStatus;
  period: string | null;
  /** Items whose clock started before this instant were due. */
  cutoff: Date | null;
  count: number;
}

export interface SweepResult {
  organization: string;
  /** The run's `now` (a resumed run keeps its own). */
  at: Date;
  dryRun: boolean;
  /** The run record; null for a dry run, which records nothing. */
  runId: string | null;
  outcomes: RuleOutcome[];
}

interface PlannedRule {
  rule: RetentionRule;
  /** The period applied. */
  period: string;
  /** The setting's own period where the floor overrode it (it was shorter); null otherwise. */
  heldFrom: string | null;
}

/**
 * What each built-in rule applies (the setting, or the rule's default, held
 * to the floor) and which settings no rule enforces.
 */
async function plan(deps: SweepDeps, organizationId: string): Promise<{ enabled: PlannedRule[]; outcomes: RuleOutcome[] }> {
  const settings = new Map((await repository.currentSettings(deps.db, organizationId)).map((row) => [row.category, row]));
  const enabled: PlannedRule[] = [];
  const outcomes: RuleOutcome[] = [];
  const now = deps.clock.now();
  for (const rule of BUILT_IN_RULES) {
    const set = settings.get(rule.category)?.period ?? rule.defaultPeriod;
    const period = set === null ? null : periodHeldToFloor(rule.category, set, deps.auditRetentionFloor, now);
    if (period === null || period === INDEFINITE) {
      outcomes.push({
        category: rule.category,
        rule: rule.name,
        outcome: null,
        status: 'KEPT_INDEFINITELY',
        period: period ?? INDEFINITE,
        cutoff: null,
        count: 0,
      });
    } else {
      enabled.push({ rule, period, heldFrom: period === set ? null : set });
    }
  }
  for (const category of settings.keys()) {
    if (!BUILT_IN_RULES.some((rule) => rule.category === category)) {
      outcomes.push({
        category,
        rule: null,
        outcome: null,
        status: 'NOT_ENFORCED',
        period: settings.get(category)?.period ?? null,
        cutoff: null,
        count: 0,
      });
    }
  }
  return { enabled, outcomes };
}

function cutoffOf(period: string, now: Date): Date {
  const parsed = parseDuration(period);
  // Stored periods were validated when set; one that no longer parses is a bug to see, not to skip.
  if (!parsed.ok) throw new Error(`retention period ${period} does not parse: ${parsed.reason}`);
  return cutoffFor(now, parsed.duration);
}

function actorOf(options: SweepOptions): AuditActor {
  return { type: 'SYSTEM', id: null, label: options.startedBy === 'cli' ? 'retention sweep (command line)' : 'retention sweep' };
}

/** Sweeps (or, dry, previews) one organization; needs retention:write there, as the job and the command hold as the system. */
export async function sweepOrganization(
  deps: SweepDeps,
  principal: Principal,
  organizationSlug: string,
  options: SweepOptions,
): Promise<SweepResult> {
  const organization = await organizationBySlug(deps, organizationSlug);
  if (!organization) throw new DomainError('UNKNOWN_ORGANIZATION', `There is no organization "${organizationSlug}".`, { field: 'org' });
  requirePermission(principal, organization.id, 'retention:write');
  const { enabled, outcomes: others } = await plan(deps, organization.id);
  for (const { rule, period, heldFrom } of enabled) {
    if (heldFrom !== null) {
      deps.logger?.warn(
        { organization: organization.slug, category: rule.category, setting: heldFrom, applied: period },
        'a retention setting is below the audit retention floor; the sweep applies the floor',
      );
    }
  }
  const context = (period: string, cutoff: Date): RuleContext => ({
    db: deps.db,
    clock: deps.clock,
    organizationId: organization.id,
    cutoff,
    now: deps.clock.now(),
    period,
    signingKey: deps.signingKey,
    mailDirectory: deps.mailDirectory ?? null,
  });

  if (options.dryRun) {
    const at = deps.clock.now();
    const swept: RuleOutcome[] = [];
    for (const { rule, period } of enabled) {
      const cutoff = cutoffHeldToFloor(rule.category, cutoffOf(period, at), deps.auditRetentionFloor, at);
      swept.push({
        category: rule.category,
        rule: rule.name,
        outcome: rule.outcome,
        status: 'SWEPT',
        period,
        cutoff,
        count: await rule.countDue(context(period, cutoff)),
      });
    }
    return { organization: organization.slug, at, dryRun: true, runId: null, outcomes: ordered([...swept, ...others]) };
  }

  const run = await joinOrStartRun(deps, organization.id, options);
  const batchSize = deps.batchSize ?? SWEEP_BATCH_SIZE;
  // A rule that fails leaves its own work for the next sweep; the others still run.
  const failures: { rule: RetentionRule; error: unknown }[] = [];
  for (const planned of enabled) {
    try {
      await runRule(deps, organization.id, run.id, planned, context, options, batchSize);
    } catch (error) {
      failures.push({ rule: planned.rule, error });
    }
  }
  const finished = await finishRun(deps, organization.id, run.id, enabled);
  const [failure] = failures;
  if (failure) {
    // The run stays in progress: the next sweep resumes the failed rules with the same cutoffs.
    if (failure.error instanceof DomainError) throw failure.error;
    const names = failures.map(({ rule }) => rule.name).join(', ');
    throw new Error(`retention rules failed (${names}): ${(failure.error as Error).message}`, { cause: failure.error });
  }
  return {
    organization: organization.slug,
    at: finished.started_at,
    dryRun: false,
    runId: finished.id,
    outcomes: ordered([...enabled.map(({ rule }) => outcomeOf(rule, finished.rules[rule.category])), ...others]),
  };
}

/** Runs one rule to its end, a batch per transaction, under the organization's lock. */
async function runRule(
  deps: SweepDeps,
  organizationId: string,
  runId: string,
  { rule, period, heldFrom }: PlannedRule,
  context: (period: string, cutoff: Date) => RuleContext,
  options: SweepOptions,
  batchSize: number,
): Promise<void> {
  // Batches without progress in a row (the audit rule waits once for its record to be sealed).
  let idle = 0;
  for (;;) {
    const step = await deps.db.transaction().execute(async (trx) => {
      await repository.lockOrganization(trx, organizationId);
      const current = await repository.runById(trx, runId);
      if (current?.status !== 'RUNNING') return { done: true, afterCommit: undefined, progressed: false };
      const rules = current.rules;
      const state: RetentionRunRuleJson = rules[rule.category] ?? {
        rule: rule.name,
        period,
        cutoff: cutoffOf(period, current.started_at).toISOString(),
        count: 0,
        done: false,
      };
      if (state.done) return { done: true, afterCommit: undefined, progressed: false };
      // A run recorded before the floor held (an older version) is held to it too.
      const heldCutoff = cutoffHeldToFloor(rule.category, new Date(state.cutoff), deps.auditRetentionFloor, current.started_at);
      if (heldCutoff.getTime() !== Date.parse(state.cutoff)) {
        state.period = deps.auditRetentionFloor;
        state.cutoff = heldCutoff.toISOString();
      }
      const result = await rule.runBatch(trx, context(state.period, new Date(state.cutoff)), batchSize);
      state.count += result.count;
      state.done = !result.more;
      if (state.done) {
        await recordAuditEvent(trx, {
          organizationId,
          actor: actorOf(options),
          action: AUDIT_ACTION.retentionSwept,
          target: { type: 'RetentionRun', id: runId },
          metadata: {
            category: rule.category,
            rule: rule.name,
            period: state.period,
            ...(heldFrom !== null ? { settingBelowFloor: heldFrom } : {}),
            cutoff: state.cutoff,
            count: state.count,
            dryRun: false,
          },
          occurredAt: deps.clock.now(),
        });
      }
      await repository.saveRunRules(trx, runId, { ...rules, [rule.category]: state });
      return { done: state.done, afterCommit: result.afterCommit, progressed: result.count > 0 };
    });
    await step.afterCommit?.();
    if (step.done) break;
    idle = step.progressed ? 0 : idle + 1;
    if (idle > 3) throw new Error(`retention rule ${rule.name} made no progress in ${idle} batches`);
  }
}

/** The organization's run in progress (interrupted, or another sweep's), or a new one starting now. */
async function joinOrStartRun(deps: SweepDeps, organizationId: string, options: SweepOptions): Promise<RetentionRunRow> {
  return deps.db.transaction().execute(async (trx) => {
    await repository.lockOrganization(trx, organizationId);
    return (
      (await repository.runningRun(trx, organizationId)) ??
      (await repository.insertRun(trx, { organizationId, startedAt: deps.clock.now(), startedBy: options.startedBy }))
    );
  });
}

async function finishRun(deps: SweepDeps, organizationId: string, runId: string, enabled: PlannedRule[]): Promise<RetentionRunRow> {
  return deps.db.transaction().execute(async (trx) => {
    await repository.lockOrganization(trx, organizationId);
    const run = await repository.runById(trx, runId);
    if (!run) throw new Error(`retention run ${runId} disappeared`);
    if (run.status === 'RUNNING' && enabled.every(({ rule }) => run.rules[rule.category]?.done)) {
      await repository.completeRun(trx, runId, deps.clock.now());
      return { ...run, status: 'COMPLETED', finished_at: deps.clock.now() };
    }
    return run;
  });
}

function outcomeOf(rule: RetentionRule, state: RetentionRunRuleJson | undefined): RuleOutcome {
  return {
    category: rule.category,
    rule: rule.name,
    outcome: rule.outcome,
    status: 'SWEPT',
    period: state?.period ?? null,
    cutoff: state ? new Date(state.cutoff) : null,
    count: state?.count ?? 0,
  };
}

/** Built-in rules in their running order, then the categories no rule enforces, by name. */
function ordered(outcomes: RuleOutcome[]): RuleOutcome[] {
  const position = (outcome: RuleOutcome) => {
    const index = BUILT_IN_RULES.findIndex((rule) => rule.category === outcome.category);
    return index === -1 ? BUILT_IN_RULES.length : index;
  };
  return outcomes.sort((a, b) => position(a) - position(b) || a.category.localeCompare(b.category));
}

/** Sweeps every organization, one after another; one failing does not stop the others. */
export async function sweepAllOrganizations(
  deps: SweepDeps,
  principal: Principal,
  options: SweepOptions,
  onError: (organization: string, error: unknown) => void,
): Promise<SweepResult[]> {
  const results: SweepResult[] = [];
  const bySlug = (await listOrganizations(deps)).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  for (const organization of bySlug) {
    try {
      results.push(await sweepOrganization(deps, principal, organization.slug, options));
    } catch (error) {
      onError(organization.slug, error);
    }
  }
  return results;
}

/** A past run as the API lists it. */
export interface RetentionRun {
  id: string;
  organizationId: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: RetentionRunRow['status'];
  startedBy: string;
  /** In the order the rules run. */
  rules: (RetentionRunRuleJson & { category: string })[];
}

export function runOf(row: RetentionRunRow): RetentionRun {
  const position = (category: string) => BUILT_IN_RULES.findIndex((rule) => rule.category === category);
  return {
    id: row.id,
    organizationId: row.organization_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    startedBy: row.started_by,
    rules: Object.entries(row.rules)
      .map(([category, state]) => ({ ...state, category }))
      .sort((a, b) => position(a.category) - position(b.category)),
  };
}

export const MAX_RUNS_PAGE = 100;
export const DEFAULT_RUNS_PAGE = 20;

export interface RunsPage {
  runs: RetentionRun[];
  hasNextPage: boolean;
}

/** Past sweeps, newest first; `after` is the cursor of the last run of the previous page. */
export async function retentionRunsPage(
  deps: Pick<SweepDeps, 'db'>,
  principal: Principal,
  organizationId: string,
  page: { first?: number | null; after?: string | null },
): Promise<RunsPage> {
  requirePermission(principal, organizationId, 'retention:read');
  const first = page.first ?? DEFAULT_RUNS_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_RUNS_PAGE) {
    throw new DomainError('BAD_USER_INPUT', `first must be between 1 and ${MAX_RUNS_PAGE}.`, { field: 'first' });
  }
  const after = page.after == null ? null : parseRunCursor(page.after);
  const rows = await repository.runsPage(deps.db, organizationId, after, first + 1);
  return { runs: rows.slice(0, first).map(runOf), hasNextPage: rows.length > first };
}

/** Opaque to clients: the run's start (written from the clock, in milliseconds) and its id, which breaks ties. */
export function runCursor(run: RetentionRun): string {
  return Buffer.from(`${run.startedAt.toISOString()}|${run.id}`).toString('base64url');
}

function parseRunCursor(cursor: string): { startedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  if (Number.isNaN(startedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor of this list.', { field: 'after' });
  }
  return { startedAt, id: id as string };
}
