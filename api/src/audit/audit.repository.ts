// All SQL of the audit domain.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';

type Executor = Kysely<Database>;

export interface PendingEventRow {
  organization_id: string | null;
  occurred_at: string;
  actor_type: Database['audit_event_pending']['actor_type'];
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  metadata: string;
}

export async function insertPendingEvent(db: Executor, row: PendingEventRow): Promise<void> {
  await db.insertInto('audit_event_pending').values(row).execute();
}
