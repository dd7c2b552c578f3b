// The device's hold on a request's status: after the status link (or the
// short code) is checked once, the page keeps the status token in a cookie so
// that a reload or a bookmark of the bare status address shows the status
// again, with or without JavaScript, and the token never rides in an address,
// a log line or a Referer header.
//
// The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site
// makes the browser send it), Secure over https, and limited to the
// organization's status page (Path), so no other page of the site sees it.
import { statusUrl } from '@governance/policies/vocabulary/urls';
import type { AstroCookies } from 'astro';

export const STATUS_COOKIE = 'deletion-request-status';

/** How long after the answer is due (or after today, whichever is later) the device keeps the request. */
export const STATUS_COOKIE_DAYS_AFTER_DUE = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A status token as the API issues them; anything else in the cookie is not sent on. */
const STATUS_TOKEN = /^drs_[A-Za-z0-9_-]{43}$/;

export const isStatusToken = (text: string | undefined): text is string => text !== undefined && STATUS_TOKEN.test(text);

/**
 * The cookie lasts as long as the request can need it: until some months
 * after its answer is due, renewed on every visit, so a long process (one to
 * three months) stays one bookmark away, and a finished one is forgotten.
 */
export function statusCookieExpiry(dueAt: string, now: Date): Date {
  const from = Math.max(new Date(dueAt).getTime(), now.getTime());
  return new Date(from + STATUS_COOKIE_DAYS_AFTER_DUE * DAY_MS);
}

export function keepStatusToken(cookies: AstroCookies, organization: string, token: string, expires: Date, overHttps: boolean): void {
  cookies.set(STATUS_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: overHttps, path: statusUrl(organization), expires });
}

export function forgetStatusToken(cookies: AstroCookies, organization: string, overHttps: boolean): void {
  cookies.delete(STATUS_COOKIE, { httpOnly: true, sameSite: 'strict', secure: overHttps, path: statusUrl(organization) });
}

/** The token this device holds for the organization's status page, when it has the shape of one. */
export function heldStatusToken(cookies: AstroCookies): string | null {
  const value = cookies.get(STATUS_COOKIE)?.value;
  return isStatusToken(value) ? value : null;
}
