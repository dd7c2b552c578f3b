// GET /.well-known/security.txt (RFC 9116): where to report a vulnerability
// in this deployment. Served by the API rather than built with the portal,
// since its fields come from the configuration in force (SECURITY_CONTACT,
// SECURITY_POLICY_URL, PUBLIC_SITE_URL) and its expiry from the clock.
//
// Without SECURITY_CONTACT there is no file (404): Contact is the one field
// the RFC requires, and nothing in the sources names who answers for a
// deployment (the organizations' contacts are for their own policies), so a
// made-up address would send reports nowhere.
import type { ServerResponse } from 'node:http';

export const SECURITY_TXT_PATH = '/.well-known/security.txt';

/** How long a copy stays valid: RFC 9116 asks for less than a year, and a short time makes saved copies go stale soon after a contact changes. */
export const SECURITY_TXT_VALID_DAYS = 30;
/** The portal and its mail are written in English. */
const PREFERRED_LANGUAGES = 'en';

export interface SecurityTxtSettings {
  /** SECURITY_CONTACT: mailto: or https: URIs, in order of preference; empty: no security.txt. */
  contacts: readonly string[];
  /** SECURITY_POLICY_URL: the disclosure policy. */
  policyUrl: string | undefined;
}

export interface SecurityTxtInput extends SecurityTxtSettings {
  /** The public origin, without a trailing slash. */
  publicUrl: string;
  now: Date;
}

/** The file's text, or null when no contact is configured. */
export function renderSecurityTxt(input: SecurityTxtInput): string | null {
  if (input.contacts.length === 0) return null;
  const lines = input.contacts.map((contact) => `Contact: ${contact}`);
  lines.push(`Expires: ${expiresAt(input.now).toISOString().replace('.000Z', 'Z')}`);
  // RFC 9116 §2.5.2: a web URI in Canonical must be https; a plain-http origin (local use) declares none.
  if (input.publicUrl.startsWith('https://')) lines.push(`Canonical: ${input.publicUrl}${SECURITY_TXT_PATH}`);
  if (input.policyUrl) lines.push(`Policy: ${input.policyUrl}`);
  lines.push(`Preferred-Languages: ${PREFERRED_LANGUAGES}`);
  return `${lines.join('\n')}\n`;
}

/** The next midnight UTC plus the validity: the text stays the same all day, so caches keep one copy. */
function expiresAt(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return new Date(midnight + SECURITY_TXT_VALID_DAYS * 24 * 60 * 60 * 1000);
}

export function respondWithSecurityTxt(input: SecurityTxtInput, response: ServerResponse): void {
  const text = renderSecurityTxt(input);
  if (text === null) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
    response.end('No security contact is configured for this site.\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' });
  response.end(text);
}
