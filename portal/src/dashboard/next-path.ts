// Where the browser goes after signing in (`?next=`). The value comes from
// the address bar, so anyone can write it: a link to our sign-in page must
// never send a freshly signed-in person to another site. Only a dashboard
// page of this origin is accepted, judged after the browser's own URL
// normalisation (`/..//evil.example` resolves to the path `//evil.example`,
// which a browser reads as another host).
import { DASHBOARD_PATH } from '@governance/policies/vocabulary/urls';

export const DASHBOARD_HOME = DASHBOARD_PATH;

/**
 * C0 controls, DEL and the backslash: the URL parser drops tabs and newlines
 * and reads `\` as `/`, so in a path they only ever serve to disguise a host.
 */
function disguises(text: string): boolean {
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || character === '\\') return true;
  }
  return false;
}

/**
 * A path under /dashboard/ on `origin` (with its query and fragment), or the
 * dashboard's start page when `next` is missing or points anywhere else.
 */
export function safeNextPath(next: string | null, origin: string): string {
  if (!next?.startsWith('/') || disguises(next) || disguises(safeDecode(next))) return DASHBOARD_HOME;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return DASHBOARD_HOME;
  }
  const path = url.pathname;
  const underDashboard = path.startsWith(DASHBOARD_HOME) && !path.startsWith('//') && !path.includes('\\');
  return url.origin === new URL(origin).origin && underDashboard ? `${path}${url.search}${url.hash}` : DASHBOARD_HOME;
}

/** Percent-decoded, to catch encoded controls and backslashes; undecodable text stays as it is. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
