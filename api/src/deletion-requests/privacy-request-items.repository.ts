// SQL of the items a privacy request carries beside its own row: the
// correction items and their decisions, the recipients told of a correction,
// and what an erasure kept. Rows become models here and nowhere else.
import type { Database, PrivacyRequestCorrectionRow } from '@governance/db';
import { type Kysely, sql } from 'kysely';
import type { CorrectionItem, CorrectionRecipient, NewCorrectionItem, ValidatedDecision } from './corrections.ts';
import type { RetainedItem } from './retained-items.ts';

type Executor = Kysely<Database>;

const toCorrectionItem = (row: PrivacyRequestCorrectionRow): CorrectionItem => ({
  id: row.id,
  position: row.position,
  field: row.field,
  currentValue: row.current_value,
  proposedValue: row.proposed_value,
  reason: row.reason,
  decision: row.decision,
  decisionReason: row.decision_reason,
  decidedAt: row.decided_at,
  decidedBy: row.decided_by,
});

export async function insertCorrectionItems(db: Executor, requestId: string, items: readonly NewCorrectionItem[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('privacy_request_correction')
    .values(
      items.map((item, index) => ({
        request_id: requestId,
        position: index + 1,
        field: item.field,
        current_value: item.currentValue,
        proposed_value: item.proposedValue,
        reason: item.reason,
      })),
    )
    .execute();
}

export async function findCorrectionItems(db: Executor, requestId: string): Promise<CorrectionItem[]> {
  const rows = await db
    .selectFrom('privacy_request_correction')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute();
  return rows.map(toCorrectionItem);
}

/** The correction items of many requests at once, for the requests a page lists. */
export async function findCorrectionItemsOf(db: Executor, requestIds: readonly string[]): Promise<Map<string, CorrectionItem[]>> {
  const byRequest = new Map<string, CorrectionItem[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) return byRequest;
  const rows = await db
    .selectFrom('privacy_request_correction')
    .selectAll()
    .where('request_id', 'in', requestIds)
    .orderBy('request_id')
    .orderBy('position')
    .execute();
  for (const row of rows) byRequest.get(row.request_id)?.push(toCorrectionItem(row));
  return byRequest;
}

export async function saveDecisions(
  db: Executor,
  requestId: string,
  decisions: readonly ValidatedDecision[],
  decided: { at: Date; by: string },
): Promise<void> {
  for (const decision of decisions) {
    await db
      .updateTable('privacy_request_correction')
      .set({
        decision: decision.decision,
        decision_reason: decision.reason,
        decided_at: decision.decision ? decided.at : null,
        decided_by: decision.decision ? decided.by : null,
      })
      .where('request_id', '=', requestId)
      .where('id', '=', decision.itemId)
      .execute();
  }
}

export async function findRecipients(db: Executor, requestId: string): Promise<CorrectionRecipient[]> {
  const rows = await db
    .selectFrom('privacy_request_correction_recipient')
    .select(['name', 'from_register'])
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute();
  return rows.map((row) => ({ name: row.name, fromRegister: row.from_register }));
}

/** Replaces the request's recipients with these. */
export async function replaceRecipients(db: Executor, requestId: string, recipients: readonly CorrectionRecipient[]): Promise<void> {
  await db.deleteFrom('privacy_request_correction_recipient').where('request_id', '=', requestId).execute();
  if (recipients.length === 0) return;
  await db
    .insertInto('privacy_request_correction_recipient')
    .values(
      recipients.map((recipient, index) => ({
        request_id: requestId,
        position: index + 1,
        name: recipient.name,
        from_register: recipient.fromRegister,
      })),
    )
    .execute();
}

export async function insertRetainedItems(db: Executor, requestId: string, items: readonly RetainedItem[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('privacy_request_retained_item')
    .values(
      items.map((item, index) => ({
        request_id: requestId,
        position: index + 1,
        basis: item.basis,
        description: item.description,
        until: item.until,
      })),
    )
    .execute();
}

export async function findRetainedItems(db: Executor, requestId: string): Promise<RetainedItem[]> {
  const rows = await db
    .selectFrom('privacy_request_retained_item')
    // A date column would come back as a local-time Date; the calendar date is what was stated.
    .select(['basis', 'description', sql<string | null>`until::text`.as('until')])
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute();
  return rows.map((row) => ({ basis: row.basis, description: row.description, until: row.until }));
}

/**
 * Minimisation: what the requester wrote in their correction items (what it
 * says, what it should say, why) goes with the request's other personal data.
 * The field names and the decisions stay: the receipt and the status page name them.
 */
export async function eraseCorrectionValues(db: Executor, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0) return;
  await db
    .updateTable('privacy_request_correction')
    .set({ current_value: null, proposed_value: null, reason: null })
    .where('request_id', 'in', requestIds)
    .execute();
}
