// What the status page does before it renders. The mailed status link keeps
// its token in the fragment, which only the page script reads; the script
// posts it here once, and the page checks it through the public API, keeps
// it in the device's cookie (status-cookie.ts) and answers 303 to the bare
// status address. Every later visit, reload or bookmark renders the status
// from the cookie on the server, with or without JavaScript.
//
//   GET                       the status (from the cookie), or the form to open it
//   GET ?download=receipt     the signed receipt as a file (from the cookie)
//   POST token=drs_…          the link's token, from the page script → 303
//   POST intent=forget        forget the request on this device → 303
import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';
import { statusUrl } from '@governance/policies/vocabulary/urls';
import type { AstroGlobal } from 'astro';
import { DELETION_REQUEST_STATUS } from '../../scripts/privacy-request/operations.ts';
import { type DeletionRequestStatusView, receiptFileName } from '../../scripts/privacy-request/status-view.ts';
import { ORGANIZATION_NOT_FOUND, REFUSALS } from './form-refusal.ts';
import { dataOf, type LivePageLocals } from './locals.ts';
import { type PageOrganization, pageOrganization } from './page-organization.ts';
import type { FormProblem } from './request-form.ts';
import { forgetStatusToken, heldStatusToken, isStatusToken, keepStatusToken, statusCookieExpiry } from './status-cookie.ts';

export const STATUS_MESSAGES = {
  linkNotFound:
    'We could not find a request for this link. Check that the whole link was opened; a request whose email address was never confirmed is deleted after a while.',
  heldRequestGone: 'This device no longer finds the request it kept. Open the link from the email again.',
} as const;

export type StatusPageState =
  | { kind: 'no-organization'; title: string }
  | { kind: 'refused'; organization: PageOrganization; refusal: FormRefusal; title: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'file'; response: Response }
  | { kind: 'status'; organization: PageOrganization; view: DeletionRequestStatusView; title: string }
  | { kind: 'open'; organization: PageOrganization; problems: FormProblem[]; title: string };

const TITLE = 'Your deletion request';

async function viewOf(locals: LivePageLocals, token: string): Promise<DeletionRequestStatusView | null> {
  return (await dataOf(locals, DELETION_REQUEST_STATUS, { token })).deletionRequestStatus;
}

export async function statusPageState(astro: AstroGlobal): Promise<StatusPageState> {
  const { locals, cookies, request } = astro;
  const organization = await pageOrganization(locals, astro.params.org);
  if (!organization) {
    astro.response.status = ORGANIZATION_NOT_FOUND.status;
    return { kind: 'no-organization', title: ORGANIZATION_NOT_FOUND.title };
  }
  const bare = statusUrl(organization.slug);
  const open = (problems: FormProblem[], status = 200): StatusPageState => {
    astro.response.status = status;
    return { kind: 'open', organization, problems, title: problems.length > 0 ? `Error: ${TITLE}` : TITLE };
  };

  if (request.method === 'POST') {
    const refusal = locals.formRefusal;
    if (refusal) {
      astro.response.status = REFUSALS[refusal.kind].status;
      return { kind: 'refused', organization, refusal, title: REFUSALS[refusal.kind].title };
    }
    const fields = new URLSearchParams(await request.text());
    if (fields.get('intent') === 'forget') {
      forgetStatusToken(cookies, organization.slug, locals.overHttps);
      return { kind: 'redirect', to: bare };
    }
    const token = (fields.get('token') ?? '').trim();
    const view = isStatusToken(token) ? await viewOf(locals, token) : null;
    // A link of another organization is not found here either: its cookie would live under another path.
    if (!view || view.organization !== organization.slug) return open([{ field: null, message: STATUS_MESSAGES.linkNotFound }], 404);
    keepStatusToken(cookies, organization.slug, token, statusCookieExpiry(view.dueAt, locals.now), locals.overHttps);
    return { kind: 'redirect', to: bare };
  }

  const held = heldStatusToken(cookies);
  if (!held) return open([]);
  const view = await viewOf(locals, held);
  if (!view || view.organization !== organization.slug) {
    // Erased or never valid: the device lets go of it, and says so once.
    forgetStatusToken(cookies, organization.slug, locals.overHttps);
    return open([{ field: null, message: STATUS_MESSAGES.heldRequestGone }]);
  }
  keepStatusToken(cookies, organization.slug, held, statusCookieExpiry(view.dueAt, locals.now), locals.overHttps);
  if (new URL(request.url).searchParams.get('download') === 'receipt' && view.receipt) {
    return {
      kind: 'file',
      response: new Response(view.receipt, {
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${receiptFileName(view.reference)}"`,
          'cache-control': 'no-store',
        },
      }),
    };
  }
  return { kind: 'status', organization, view, title: `${TITLE}: ${view.reference}` };
}
