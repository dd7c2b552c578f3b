// pnpm cli retention:sweep --org <slug> [--dry-run]
// Applies the organization's retention settings now, as the scheduled job
// does (and safely alongside it: the same run is joined, never repeated).
// Prints one line per category with what was removed; --dry-run counts the
// same and changes nothing.
import { parseArgs } from 'node:util';
import { systemPrincipal } from '../auth/principal.ts';
import { loadConfig } from '../config.ts';
import { organizationBySlug } from '../policies/policies.service.ts';
import { type RuleOutcome, sweepOrganization } from '../retention/sweep.service.ts';
import { createLogger } from '../shared/logger.ts';
import { openCommandContext } from './command-context.ts';
import { type CommandIo, UsageError } from './run-command.ts';

export const RETENTION_SWEEP_USAGE =
  'pnpm cli retention:sweep --org <slug> [--dry-run]\n' +
  '  Deletes or anonymizes what the organization’s retention settings make due now.\n' +
  '  --dry-run: count what would go, change nothing.';

export async function retentionSweepCommand(io: CommandIo): Promise<number> {
  const print = io.out;
  const { org, dryRun } = parseRetentionSweepArgs(io.argv);
  const command = await openCommandContext(loadConfig(io.env), createLogger('warn'));
  try {
    const { context } = command;
    if (!(await organizationBySlug(context, org))) throw new UsageError(`No organization "${org}".`);
    // Only a real run may purge audit events, and only it signs the record of a purge.
    const result = await sweepOrganization(
      { ...context, signingKey: dryRun ? null : context.signingKey },
      systemPrincipal('retention:sweep command'),
      org,
      {
        dryRun,
        startedBy: 'cli',
      },
    );
    print(`Retention sweep of ${result.organization} at ${result.at.toISOString()}${result.runId ? ` (run ${result.runId})` : ''}:`);
    for (const outcome of result.outcomes) print(`  ${describeOutcome(outcome)}`);
    if (dryRun) print('(dry run: nothing changed)');
    return 0;
  } finally {
    await command.close();
  }
}

export function describeOutcome(outcome: RuleOutcome): string {
  switch (outcome.status) {
    case 'SWEPT':
      return `${outcome.category}: ${outcome.count} ${outcome.outcome} (${outcome.rule}; period ${outcome.period}; cutoff ${outcome.cutoff?.toISOString()})`;
    case 'KEPT_INDEFINITELY':
      return `${outcome.category}: kept indefinitely, nothing swept`;
    default:
      return `${outcome.category}: not enforced by this system`;
  }
}

function parseRetentionSweepArgs(argv: string[]): { org: string; dryRun: boolean } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { org: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.org) throw new Error('--org is required');
    return { org: values.org, dryRun: values['dry-run'] ?? false };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${RETENTION_SWEEP_USAGE}`);
  }
}
