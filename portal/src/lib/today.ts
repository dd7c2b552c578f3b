import { calendarDate } from '@governance/policies/schema';

/** Today's UTC date, `YYYY-MM-DD`. PORTAL_TODAY pins it so a build (or a test)
 * can show the site as it will look on a given day. */
export function portalToday(pinned: string | undefined = process.env.PORTAL_TODAY, now: Date = new Date()): string {
  if (pinned === undefined || pinned === '') return now.toISOString().slice(0, 10);
  const parsed = calendarDate.safeParse(pinned);
  if (!parsed.success) throw new Error(`PORTAL_TODAY must be a real date written YYYY-MM-DD, not "${pinned}"`);
  return parsed.data;
}
