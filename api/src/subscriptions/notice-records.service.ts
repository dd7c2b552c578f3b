// The notices sent of announced changes, for the signed evidence of a change
// (subprocessors/evidence.service.ts) and the dashboard's list of changes:
// each with the salted hash of its recipient's address (which outlives the
// address) and the outcome of its delivery, copied from the outbox.
import type { Db } from '@governance/db';
import * as repository from './subscriptions.repository.ts';

export type { NoticeCounts, SentNotice } from './subscriptions.repository.ts';

/** One announced change, named by the version it announced. */
export type NoticedChange = { policyVersionId: string } | { subprocessorListVersionId: string };

export function noticesOfChange(db: Db, change: NoticedChange) {
  return repository.noticesOfChange(db, {
    policyVersionId: 'policyVersionId' in change ? change.policyVersionId : null,
    subprocessorListVersionId: 'subprocessorListVersionId' in change ? change.subprocessorListVersionId : null,
  });
}

/** How many notices each of these changes sent, and how their delivery went; a change that sent none is absent. */
export function noticeCountsOf(db: Db, changes: { policyVersionIds: readonly string[]; subprocessorListVersionIds: readonly string[] }) {
  return repository.noticeCountsOf(db, changes);
}
