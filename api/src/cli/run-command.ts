// Every command exits with a message a person can act on: expected failures
// print their own text, never a stack trace. A command is a function of its
// input and output (CommandIo), so tests run it in-process with arguments,
// environment and output of their own, as the process entry point runs it
// with the real ones.
import { ConfigError } from '../config.ts';
import { DomainError } from '../shared/domain-error.ts';

export interface CommandIo {
  /** The arguments after the command's name. */
  argv: string[];
  /** Where the configuration comes from (loadConfig). */
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  /** Prints one line on standard output. */
  out(line: string): void;
  /** Prints one line on standard error. */
  err(line: string): void;
  /** What relative paths in messages are relative to. */
  cwd: string;
}

/** A command's body: its exit status (undefined is 0). */
export type CommandMain = (io: CommandIo) => Promise<number | undefined>;

/** The input and output of this process. */
export function processIo(): CommandIo {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    cwd: process.cwd(),
  };
}

/** Exit codes: 1 the command found a problem, 2 it could not run. */
export async function exitStatusOf(main: CommandMain, io: CommandIo): Promise<number> {
  try {
    return (await main(io)) ?? 0;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** Runs a command as this process, and exits with its status. */
export async function runCommand(main: CommandMain): Promise<void> {
  process.exitCode = await exitStatusOf(main, processIo());
  // Exit explicitly: the embedded PostgreSQL package exits with 0 on
  // `beforeExit`, which would hide a failure from scripts and CI.
  process.exit();
}

function reportFailure(error: unknown, io: CommandIo): number {
  if (error instanceof ConfigError || error instanceof DomainError || error instanceof UsageError) {
    io.err(error.message);
    return error instanceof DomainError ? 1 : 2;
  }
  io.err(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  if (io.env.DEBUG) io.err(String(error instanceof Error ? error.stack : error));
  return 2;
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
