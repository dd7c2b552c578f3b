import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CommandMain } from '@governance/api/cli/run-command';
import { exitStatusOf } from '@governance/api/cli/run-command';
import { REPOSITORY_ROOT } from './policy-files.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The process entry points of api/src/cli that tests run, by file name. */
const COMMANDS = {
  cli: () => import('@governance/api/cli/cli'),
  migrate: () => import('@governance/api/cli/migrate'),
  'policies-check': () => import('@governance/api/cli/policies-check'),
  'policies-lock': () => import('@governance/api/cli/policies-lock'),
  'policies-sync': () => import('@governance/api/cli/policies-sync'),
} satisfies Record<string, () => Promise<{ main: CommandMain }>>;

export type CliCommand = keyof typeof COMMANDS;

/** What a command sees of its environment: this process's, quieter, with the test's settings on top. */
const environmentFor = (env: Record<string, string>) => ({ ...process.env, LOG_LEVEL: 'warn', ...env });

/**
 * Runs one of the api/src/cli commands in this process: the same function
 * its entry point runs, with these arguments, environment and standard
 * input, its output captured. `runCliProcess` runs it as a user would.
 */
export async function runCli(
  command: CliCommand,
  args: string[] = [],
  env: Record<string, string> = {},
  input?: string,
): Promise<CliResult> {
  const { main } = await COMMANDS[command]();
  let stdout = '';
  let stderr = '';
  const code = await exitStatusOf(main, {
    argv: args,
    env: environmentFor(env),
    stdin: Readable.from(input === undefined ? [] : [Buffer.from(input)]),
    out: (line) => {
      stdout += `${line}\n`;
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
    cwd: REPOSITORY_ROOT,
  });
  return { code, stdout, stderr };
}

/** Runs one of the api/src/cli commands as a user would: `node api/src/cli/<command>.ts`, on this Node. */
export function runCliProcess(
  command: CliCommand,
  args: string[] = [],
  env: Record<string, string> = {},
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, 'api/src/cli', `${command}.ts`), ...args], {
      cwd: REPOSITORY_ROOT,
      env: environmentFor(env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(input ?? '');
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface StartedServer {
  child: ChildProcess;
  /** Everything printed so far, standard output and error together. */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs the server until it serves: `node api/src/cli/start.ts`, or with
 * `viaPnpm` the way a person types it, `pnpm start`, in a process group of
 * its own so that signalling the group is what a Ctrl-C at a terminal does.
 */
export function startServer(env: Record<string, string>, options: { viaPnpm?: boolean } = {}): Promise<StartedServer> {
  const [command, args] = options.viaPnpm ? ['pnpm', ['start']] : [process.execPath, [path.join(REPOSITORY_ROOT, 'api/src/cli/start.ts')]];
  const child = spawn(command, args, {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...(options.viaPnpm ? { PATH: terminalPath() } : {}), ...env },
    detached: options.viaPnpm ?? false,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Governance portal on http://')) resolve({ child, output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before serving:\n${output}`)));
  });
}

/**
 * PATH as in a person's terminal: without the `node_modules/.bin` folders
 * that running under pnpm (as the tests do) puts first, where `node` is the
 * project's Node wrapper, which would then also run pnpm itself.
 */
function terminalPath(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => !entry.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
}
