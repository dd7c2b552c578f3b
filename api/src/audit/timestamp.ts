/**
 * Audit timestamps are strings of fixed precision (microseconds, UTC), so
 * the text that was hashed is the text that is stored and read back.
 */
export function formatAuditTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
