// Transparency figures: requests received in a calendar year (UTC) and how
// they ended, in all and per kind (a request of several kinds counts once
// under each), and per CCPA category (§7102 reports requests to know, to
// delete and to correct separately; access and portability are both "to
// know", so a request asking for both counts once there). Counts and
// durations only, never personal data.
import type { Database } from '@governance/db';
import { CCPA_CATEGORY, type CcpaCategory, PRIVACY_REQUEST_KINDS } from '@governance/policies/vocabulary/privacy-request-kinds';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { OutcomeFigures, PrivacyRequestKind, YearFigures } from './models.ts';

interface FiguresRow {
  received: string;
  completed: string;
  rejected: string;
  cancelled: string;
  expired: string;
  open: string;
  median: number | null;
  p90: number | null;
  on_time: number | null;
}

const answered = sql`status in ('COMPLETED', 'REJECTED')`;
const days = sql`extract(epoch from (closed_at - received_at)) / 86400`;

/** The figures' columns over whatever rows the query groups. */
const FIGURES = sql`
  count(*) as received,
  count(*) filter (where status = 'COMPLETED') as completed,
  count(*) filter (where status = 'REJECTED') as rejected,
  count(*) filter (where status = 'CANCELLED') as cancelled,
  count(*) filter (where status = 'EXPIRED') as expired,
  count(*) filter (where closed_at is null) as open,
  percentile_cont(0.5) within group (order by ${days}) filter (where ${answered}) as median,
  percentile_cont(0.9) within group (order by ${days}) filter (where ${answered}) as p90,
  avg(case when closed_at <= due_at then 1.0 else 0.0 end) filter (where ${answered}) as on_time`;

const round = (value: number | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);

function figuresOf(row: FiguresRow | undefined): OutcomeFigures {
  return {
    received: Number(row?.received ?? 0),
    completed: Number(row?.completed ?? 0),
    rejected: Number(row?.rejected ?? 0),
    cancelled: Number(row?.cancelled ?? 0),
    expired: Number(row?.expired ?? 0),
    open: Number(row?.open ?? 0),
    medianDaysToClose: round(row?.median ?? null),
    p90DaysToClose: round(row?.p90 ?? null),
    closedOnTimeShare: round(row?.on_time ?? null),
  };
}

/** The CCPA category of each kind, as SQL: one source, the vocabulary's table. */
const ccpaCategoryOf = (kind: RawBuilder<unknown>) =>
  sql`case ${kind} ${sql.join(
    PRIVACY_REQUEST_KINDS.map((each) => sql`when ${sql.lit(each)} then ${sql.lit(CCPA_CATEGORY[each])}`),
    sql` `,
  )} end`;

export async function yearFigures(db: Kysely<Database>, organizationId: string, year: number): Promise<YearFigures> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const inYear = sql`organization_id = ${organizationId} and received_at >= ${from} and received_at < ${to}`;
  const { rows } = await sql<FiguresRow>`select ${FIGURES} from deletion_request where ${inYear}`.execute(db);
  const perKind = await sql<FiguresRow & { kind: PrivacyRequestKind }>`
    select kind, ${FIGURES}
    from deletion_request cross join lateral unnest(kinds) as kind
    where ${inYear}
    group by kind`.execute(db);
  const perCategory = await sql<FiguresRow & { category: CcpaCategory }>`
    select category, ${FIGURES}
    from deletion_request
      cross join lateral (select distinct ${ccpaCategoryOf(sql`each_kind`)} as category from unnest(kinds) as each_kind) as categories
    where ${inYear}
    group by category`.execute(db);
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
  return {
    ...figuresOf(rows[0]),
    rejectedByCategory: categories.map((category) => ({
      category: category.rejection_category ?? 'OTHER',
      count: Number(category.count),
    })),
    // Every kind and category, with zeros where none came: the table always has the same rows.
    byKind: PRIVACY_REQUEST_KINDS.map((kind) => ({ kind, ...figuresOf(perKind.rows.find((row) => row.kind === kind)) })),
    byCcpaCategory: (['KNOW', 'DELETE', 'CORRECT'] as const).map((category) => ({
      category,
      ...figuresOf(perCategory.rows.find((row) => row.category === category)),
    })),
  };
}
