// Privacy requests for tests (deletion unless a test names other kinds): submitted through the product's intake, and
// the mail it queued read back from the outbox, as the requester would.
import { submitPrivacyRequest } from '@governance/api/deletion-requests/intake.service';
import type { MailKind } from '@governance/db';
import type { PrivacyRequestKind } from '@governance/policies/vocabulary/privacy-request-kinds';
import type { TestApi } from './api.ts';

let submissions = 0;

export interface SubmittedForTest {
  id: string;
  reference: string;
  email: string;
  verificationToken: string;
}

export async function submitForTest(
  api: TestApi,
  input: { organization: string; jurisdiction?: 'GDPR' | 'CCPA' | 'OTHER'; email?: string; name?: string; kinds?: PrivacyRequestKind[] },
): Promise<SubmittedForTest> {
  submissions++;
  const email = input.email ?? `requester-${submissions}-${process.pid}@example.com`;
  const outcome = await submitPrivacyRequest(
    api.services,
    {
      organization: input.organization,
      kinds: input.kinds ?? ['DELETION'],
      idempotencyKey: `test-key-${process.pid}-${submissions}`,
      email,
      name: input.name ?? `Requester ${submissions}`,
      jurisdiction: input.jurisdiction ?? 'GDPR',
      // A correction request names what to correct: one item unless the test is about the items.
      corrections: input.kinds?.includes('CORRECTION')
        ? [{ field: 'Postal address', currentValue: '1 Old Street', proposedValue: '2 New Street', reason: 'I moved' }]
        : undefined,
    },
    { requestId: null, ip: null, userAgent: null },
  );
  if (!outcome.secrets) throw new Error('a fresh test submission returned an earlier one');
  return { id: outcome.request.id, reference: outcome.request.reference, email, verificationToken: outcome.secrets.verificationToken };
}

/** The queued messages to `email` of one kind, oldest first. */
export async function outboxMail(api: TestApi, email: string, kind: MailKind) {
  return api.services.db
    .selectFrom('mail_outbox')
    .select(['subject', 'body_text', 'attachments', 'message_id'])
    .where('recipient', '=', email)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .execute();
}

/** The token in a link of the form …#token=<token> in the message text. */
export function tokenInLink(text: string | null, page: 'verify' | 'status'): string {
  const match = new RegExp(`/privacy-request/${page}/#token=([\\w-]+)`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${page} link in: ${text}`);
  return match[1];
}
