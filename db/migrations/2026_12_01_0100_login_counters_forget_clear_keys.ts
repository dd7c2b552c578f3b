// Sign-in counters are now keyed by the SHA-256 of the email and the address
// (api/src/auth/login-limiter.ts). The earlier counters were keyed by the
// email and address in clear and, never read again, would keep them forever.
// Frozen: change the schema with a new migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from rate_limit where key ~ '^login_(account|ip):' and key !~ '^login_(account|ip):[0-9a-f]{64}$'`.execute(db);
}

export async function down(): Promise<void> {
  // Counters are transient: nothing to restore.
}
