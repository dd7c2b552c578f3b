// A request for a copy of the data (access, portability) is answered by its
// sealed package: the person downloads it from the status page and the receipt
// names its hash. Completing such a request before the package is sealed would
// tell the person their copy is ready while there is nothing to download, so
// the completion is refused here, before any receipt is signed or anything is
// written. An organization that holds no data about the person still seals a
// package that says so.
import type { Db } from '@governance/db';
import { DATA_COPY_KINDS } from '@governance/policies/vocabulary/privacy-request-kinds';
import type { DeletionRequest } from '../deletion-requests/models.ts';
import { DomainError } from '../shared/domain-error.ts';
import { findPackageOfRequest } from './packages.repository.ts';

/** Refuses (PACKAGE_NOT_SEALED) to complete a request for a copy whose package is not sealed. */
export async function requireSealedPackageToComplete(db: Db, request: Pick<DeletionRequest, 'id' | 'kinds'>): Promise<void> {
  if (!request.kinds.some((kind) => DATA_COPY_KINDS.includes(kind))) return;
  if (await findPackageOfRequest(db, request.id)) return;
  throw new DomainError(
    'PACKAGE_NOT_SEALED',
    'Seal the data package before completing the request: the person downloads it from their status page, and the receipt names it.',
    { field: 'id' },
  );
}
