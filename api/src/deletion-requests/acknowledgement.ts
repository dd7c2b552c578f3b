// Once a request is verified (by the requester's link or by staff), the
// requester is told it is being processed and gets the status link. The
// status token is issued here, not at submission: nobody needs a status link
// for an address that was never confirmed.
import type { Database } from '@governance/db';
import type { Kysely } from 'kysely';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { enqueueMail } from '../mail/outbox.service.ts';
import type { Organization } from '../policies/models.ts';
import type { UseCaseContext } from '../use-case-context.ts';
import * as repository from './deletion-requests.repository.ts';
import type { DeletionRequest } from './models.ts';
import { receivedMail } from './requester-mail.ts';
import { newShortCode, shortCodeHash } from './short-code.ts';

export const STATUS_TOKEN_PREFIX = 'drs_';

export async function acknowledgeVerifiedRequest(
  trx: Kysely<Database>,
  context: Pick<UseCaseContext, 'clock' | 'publicUrl'>,
  organization: Pick<Organization, 'id' | 'slug' | 'name'>,
  request: DeletionRequest,
): Promise<void> {
  if (!request.email) return;
  const statusToken = newSecret(STATUS_TOKEN_PREFIX);
  const statusCode = newShortCode();
  await repository.setStatusTokenHash(trx, request.id, secretHash(statusToken));
  await repository.setStatusCodeHash(trx, request.id, shortCodeHash(request.id, statusCode));
  await enqueueMail(
    trx,
    receivedMail(
      context.publicUrl,
      organization,
      { reference: request.reference, email: request.email, kinds: request.kinds },
      { statusToken, statusCode, dueAt: request.dueAt },
    ),
    context.clock,
  );
}
