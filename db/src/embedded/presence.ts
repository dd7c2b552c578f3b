// Which processes use the embedded server right now. Each holds a shared
// advisory lock on a connection of its own for as long as it does; the
// lock goes with the connection, so a process that crashes (even `kill -9`)
// leaves no trace. Whoever leaves last, proven by taking the lock
// exclusively, stops the server: a command that finishes never stops the
// server under `pnpm start` or another command, and the server never stays
// behind once nobody uses it.
import pg from 'pg';

/** The advisory lock key (in the `postgres` database, where every presence connects). */
const PRESENCE_LOCK = '7262838461023';

export interface ClusterAddress {
  port: number;
  user: string;
  password: string;
  /** The cluster's directory, as the server reports it: proves the server on `port` is this one. */
  clusterDir: string;
}

export interface Presence {
  /**
   * Releases the shared lock. `last`: nobody else uses the server, and the
   * exclusive lock now held keeps newcomers waiting until the caller has
   * stopped it (they then start their own). `others`: someone still uses it.
   * `gone`: the server stopped meanwhile.
   */
  leave(): Promise<'last' | 'others' | 'gone'>;
  close(): Promise<void>;
}

/** Joins the server listening on `address.port`; undefined when it is not this cluster's, or not accepting connections. */
export async function joinCluster(address: ClusterAddress): Promise<Presence | undefined> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: address.port,
    user: address.user,
    password: address.password,
    database: 'postgres',
    application_name: 'governance presence',
    connectionTimeoutMillis: 10_000,
  });
  // The server stopping ends this connection: expected, and seen by the next query.
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('show data_directory');
    if (rows[0]?.data_directory !== address.clusterDir) {
      await client.end();
      return undefined;
    }
    // Waits while a last leaver holds the lock exclusively; its shutdown then ends this connection.
    await client.query('select pg_advisory_lock_shared($1)', [PRESENCE_LOCK]);
  } catch {
    await client.end().catch(() => {});
    return undefined;
  }
  return {
    async leave() {
      try {
        await client.query('select pg_advisory_unlock_shared($1)', [PRESENCE_LOCK]);
        const { rows } = await client.query<{ alone: boolean }>('select pg_try_advisory_lock($1) as alone', [PRESENCE_LOCK]);
        if (rows[0]?.alone) return 'last';
      } catch {
        await client.end().catch(() => {});
        return 'gone';
      }
      await client.end().catch(() => {});
      return 'others';
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
