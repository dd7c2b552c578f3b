// The notices sent of one announced change, for the signed evidence of that
// change (subprocessors/evidence.service.ts): each with the salted hash of
// its recipient's address (which outlives the address) and the outcome of
// its delivery, copied from the outbox.
import type { Db } from '@governance/db';
import * as repository from './subscriptions.repository.ts';

export type { SentNotice } from './subscriptions.repository.ts';

export function noticesOfSubprocessorList(db: Db, listVersionId: string) {
  return repository.noticesOfChange(db, { policyVersionId: null, subprocessorListVersionId: listVersionId });
}
