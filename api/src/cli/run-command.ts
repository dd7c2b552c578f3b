// Every command exits with a message a person can act on: expected failures
// print their own text, never a stack trace.
import { ConfigError } from '../config.ts';
import { DomainError } from '../shared/domain-error.ts';

/** Exit codes: 1 the command found a problem, 2 it could not run. */
export async function runCommand(main: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    reportFailure(error);
  }
  // Exit explicitly: the embedded PostgreSQL package exits with 0 on
  // `beforeExit`, which would hide a failure from scripts and CI.
  process.exit();
}

function reportFailure(error: unknown) {
  if (error instanceof ConfigError || error instanceof DomainError || error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = error instanceof DomainError ? 1 : 2;
  } else {
    console.error(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = 2;
  }
}

export class UsageError extends Error {}

/** Accepts only the flags a command knows, so a typo is an error rather than ignored. */
export function parseFlags(argv: string[], known: readonly string[], usage: string): Set<string> {
  const flags = new Set<string>();
  for (const argument of argv) {
    if (!known.includes(argument)) throw new UsageError(`Unknown argument "${argument}".\nUsage: ${usage}`);
    flags.add(argument);
  }
  return flags;
}
