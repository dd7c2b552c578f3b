// What the status page does before it renders. The mailed status link keeps
// its token in the fragment, which only the page script reads; the script
// posts it here once, and the page checks it through the public API, keeps
// it in the device's cookie (status-cookie.ts) and answers 303 to the bare
// status address. Every later visit, reload or bookmark renders the status
// from the cookie on the server, with or without JavaScript.
//
//   GET                       the status (from the cookie), or the form to open it
//   GET ?download=receipt     the signed receipt as a file (from the cookie)
//   GET ?download=data&format=html|json&link=…   the data package through its live link (counted; from the cookie)
//   POST token=drs_…          the link's token, from the page script → 303
//   POST reference=…&code=…   the short code of the mail, typed → 303 (a status token of its own for this device)
//   POST intent=forget        forget the request on this device → 303
import type { FormRefusal } from '@governance/policies/vocabulary/form-refusal';
import { INTAKE_MESSAGES } from '@governance/policies/vocabulary/intake-messages';
import { requestNoun } from '@governance/policies/vocabulary/privacy-request-kinds';
import { isRequestReference } from '@governance/policies/vocabulary/request-reference';
import { statusUrl } from '@governance/policies/vocabulary/urls';
import type { AstroGlobal } from 'astro';
import {
  DELETION_REQUEST_STATUS,
  DOWNLOAD_PRIVACY_PACKAGE,
  OPEN_DELETION_REQUEST_STATUS_WITH_CODE,
} from '../../scripts/privacy-request/operations.ts';
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
  enterCode: 'Enter the status code from the email.',
  codeNotFound: 'This code does not match the reference. Check both against the email and try again.',
} as const;

export type StatusPageState =
  | { kind: 'no-organization'; title: string }
  | { kind: 'refused'; organization: PageOrganization; refusal: FormRefusal; title: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'file'; response: Response }
  | { kind: 'download-gone'; organization: PageOrganization; title: string }
  | { kind: 'status'; organization: PageOrganization; view: DeletionRequestStatusView; title: string }
  | {
      kind: 'open';
      organization: PageOrganization;
      problems: FormProblem[];
      values: { reference: string; code: string };
      title: string;
      /** Arrived from the first mail's link again, after the request moved on: say so, with its reference filled in. */
      confirmedEarlier?: boolean;
    };

// Before the request is known (typing its code), the page cannot say what was asked.
const TITLE = 'Your request';

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
  const open = (
    problems: FormProblem[],
    status = 200,
    values = { reference: '', code: '' },
  ): Extract<StatusPageState, { kind: 'open' }> => {
    astro.response.status = status;
    return { kind: 'open', organization, problems, values, title: problems.length > 0 ? `Error: ${TITLE}` : TITLE };
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
    if (!fields.has('token')) return openWithCode(astro, organization, fields, open);
    const token = (fields.get('token') ?? '').trim();
    const view = isStatusToken(token) ? await viewOf(locals, token) : null;
    // A link of another organization is not found here either: its cookie would live under another path.
    if (!view || view.organization !== organization.slug) return open([{ field: null, message: STATUS_MESSAGES.linkNotFound }], 404);
    keepStatusToken(cookies, organization.slug, token, statusCookieExpiry(view.dueAt, locals.now), locals.overHttps);
    return { kind: 'redirect', to: bare };
  }

  const held = heldStatusToken(cookies);
  if (!held) {
    // From the first mail's link, opened again after the request moved on (after-confirmation.ts).
    const earlier = (new URL(request.url).searchParams.get('reference') ?? '').toUpperCase();
    return isRequestReference(earlier) ? { ...open([], 200, { reference: earlier, code: '' }), confirmedEarlier: true } : open([]);
  }
  const view = await viewOf(locals, held);
  if (!view || view.organization !== organization.slug) {
    // Erased or never valid: the device lets go of it, and says so once.
    forgetStatusToken(cookies, organization.slug, locals.overHttps);
    return open([{ field: null, message: STATUS_MESSAGES.heldRequestGone }]);
  }
  keepStatusToken(cookies, organization.slug, held, statusCookieExpiry(view.dueAt, locals.now), locals.overHttps);
  const query = new URL(request.url).searchParams;
  if (query.get('download') === 'data') return packageDownload(astro, organization, held, query);
  if (query.get('download') === 'receipt' && view.receipt) {
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
  return { kind: 'status', organization, view, title: `Your ${requestNoun(view.kinds)}: ${view.reference}` };
}

/** The reference and short code typed on the page: checked by the API, which counts a wrong code against the request. */
async function openWithCode(
  astro: AstroGlobal,
  organization: PageOrganization,
  fields: URLSearchParams,
  open: (problems: FormProblem[], status?: number, values?: { reference: string; code: string }) => StatusPageState,
): Promise<StatusPageState> {
  const { locals, cookies } = astro;
  const typed = { reference: (fields.get('reference') ?? '').trim(), code: (fields.get('code') ?? '').trim() };
  const problems: FormProblem[] = [];
  for (const field of ['reference', 'code'] as const) {
    if (typed[field].includes('\u0000')) problems.push({ field, message: INTAKE_MESSAGES.unstorable });
  }
  if (typed.reference === '') problems.push({ field: 'reference', message: INTAKE_MESSAGES.enterReference });
  if (typed.code === '') problems.push({ field: 'code', message: STATUS_MESSAGES.enterCode });
  const cleaned = { reference: typed.reference.replaceAll('\u0000', ''), code: typed.code.replaceAll('\u0000', '') };
  if (problems.length > 0) return open(problems, 400, cleaned);
  const { openDeletionRequestStatusWithCode: result } = await dataOf(locals, OPEN_DELETION_REQUEST_STATUS_WITH_CODE, typed);
  if (result.__typename === 'InputError') return open([{ field: result.field, message: result.message }], 400, typed);
  const token = result.data.statusToken;
  const view = await viewOf(locals, token);
  if (!view || view.organization !== organization.slug) return open([{ field: 'code', message: STATUS_MESSAGES.codeNotFound }], 400, typed);
  keepStatusToken(cookies, organization.slug, token, statusCookieExpiry(view.dueAt, locals.now), locals.overHttps);
  return { kind: 'redirect', to: statusUrl(organization.slug) };
}

/**
 * The package through its link, counted by the API. A link that does not
 * deliver (unknown, expired, used up, withdrawn, erased) gets one answer,
 * the same for all: 404 and a page that names none of them.
 */
async function packageDownload(
  astro: AstroGlobal,
  organization: PageOrganization,
  token: string,
  query: URLSearchParams,
): Promise<StatusPageState> {
  const format = query.get('format') === 'json' ? 'JSON' : query.get('format') === 'html' ? 'HTML' : null;
  const link = query.get('link') ?? '';
  const file =
    format && link.length <= 100
      ? (await dataOf(astro.locals, DOWNLOAD_PRIVACY_PACKAGE, { statusToken: token, link, format })).downloadPrivacyPackage
      : null;
  if (!file) {
    astro.response.status = 404;
    return { kind: 'download-gone', organization, title: 'This download link no longer works' };
  }
  return {
    kind: 'file',
    response: new Response(file.content, {
      headers: {
        'content-type': file.contentType,
        // The page is read in the browser; the JSON file is saved.
        'content-disposition': `${format === 'JSON' ? 'attachment' : 'inline'}; filename="${file.filename}"`,
        'cache-control': 'no-store',
      },
    }),
  };
}
