// Transparency figures: requests received in a calendar year (UTC) and how
// they ended. Counts and durations only, never personal data.
import type { Database } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import type { YearFigures } from './models.ts';

export async function yearFigures(db: Kysely<Database>, organizationId: string, year: number): Promise<YearFigures> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const answered = sql`status in ('COMPLETED', 'REJECTED')`;
  const days = sql`extract(epoch from (closed_at - received_at)) / 86400`;
  const { rows } = await sql<{
    received: string;
    completed: string;
    rejected: string;
    cancelled: string;
    expired: string;
    open: string;
    median: number | null;
    p90: number | null;
    on_time: number | null;
  }>`
    select
      count(*) as received,
      count(*) filter (where status = 'COMPLETED') as completed,
      count(*) filter (where status = 'REJECTED') as rejected,
      count(*) filter (where status = 'CANCELLED') as cancelled,
      count(*) filter (where status = 'EXPIRED') as expired,
      count(*) filter (where closed_at is null) as open,
      percentile_cont(0.5) within group (order by ${days}) filter (where ${answered}) as median,
      percentile_cont(0.9) within group (order by ${days}) filter (where ${answered}) as p90,
      avg(case when closed_at <= due_at then 1.0 else 0.0 end) filter (where ${answered}) as on_time
    from deletion_request
    where organization_id = ${organizationId} and received_at >= ${from} and received_at < ${to}`.execute(db);
  const categories = await db
    .selectFrom('deletion_request')
    .select(['rejection_category', (eb) => eb.fn.countAll<string>().as('count')])
    .where('organization_id', '=', organizationId)
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where('status', '=', 'REJECTED')
    .groupBy('rejection_category')
    .orderBy('rejection_category')
    .execute();
  const row = rows[0];
  const round = (value: number | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);
  return {
    received: Number(row?.received ?? 0),
    completed: Number(row?.completed ?? 0),
    rejected: Number(row?.rejected ?? 0),
    cancelled: Number(row?.cancelled ?? 0),
    expired: Number(row?.expired ?? 0),
    open: Number(row?.open ?? 0),
    rejectedByCategory: categories.map((category) => ({
      category: category.rejection_category ?? 'OTHER',
      count: Number(category.count),
    })),
    medianDaysToClose: round(row?.median ?? null),
    p90DaysToClose: round(row?.p90 ?? null),
    closedOnTimeShare: round(row?.on_time ?? null),
  };
}
