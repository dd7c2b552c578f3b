// The security headers of every response, and the Content-Security-Policy of
// the site. The portal is static: the only inline <script> and <style>
// elements a browser may run are those in the built HTML, so their SHA-256
// hashes are read from the build when the server starts and nothing else
// inline is allowed (an injected script has no matching hash).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { cameOverHttps, type ProxySettings } from './trusted-proxy.ts';

export interface InlineHashes {
  /** CSP sources, e.g. `'sha256-…'`, sorted and distinct. */
  scripts: string[];
  styles: string[];
}

const NO_INLINE: InlineHashes = { scripts: [], styles: [] };

// The build is our own output (Astro), so a tag pattern is exact enough:
// <script> and <style> contents never contain their own closing tag.
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
const HAS_SRC = /\ssrc\s*=/i;

export const cspHashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hashes of the inline scripts and styles of one HTML document. */
export function inlineHashesOfHtml(html: string): InlineHashes {
  const scripts = [...html.matchAll(INLINE_SCRIPT)].filter((match) => !HAS_SRC.test(match[1] ?? '')).map((match) => match[2] ?? '');
  const styles = [...html.matchAll(INLINE_STYLE)].map((match) => match[1] ?? '');
  return { scripts: scripts.filter((text) => text.trim() !== '').map(cspHashOf), styles: styles.map(cspHashOf) };
}

function htmlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every inline script and style of a built site; none when the folder does not exist. */
export function inlineHashesOfSite(distDir: string): InlineHashes {
  if (!existsSync(distDir)) return NO_INLINE;
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const file of htmlFiles(distDir)) {
    const found = inlineHashesOfHtml(readFileSync(file, 'utf8'));
    for (const hash of found.scripts) scripts.add(hash);
    for (const hash of found.styles) styles.add(hash);
  }
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

/** What one page needs beyond the site's policy. */
export interface PageAllowances {
  /** Any inline style: for code that writes <style> elements and style attributes as it runs. */
  inlineStyles?: boolean;
  /** Fonts embedded in a stylesheet as data: URLs. */
  dataFonts?: boolean;
}

export function contentSecurityPolicy(inline: InlineHashes, allowances: PageAllowances = {}): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets the search page compile Pagefind's WebAssembly; it allows no JavaScript eval.
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...inline.scripts].join(' '),
    // 'unsafe-inline' is ignored by browsers when hashes are listed, so it replaces them.
    ['style-src', "'self'", ...(allowances.inlineStyles ? ["'unsafe-inline'"] : inline.styles)].join(' '),
    "img-src 'self' data:",
    allowances.dataFonts ? "font-src 'self' data:" : "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The API explorer's page (GraphiQL at GET /graphql) replaces the site's
 * policy with this one. Its scripts are files of this server, like the
 * portal's, and nothing else may run; but its editor (Monaco) and components
 * write <style> elements and style attributes as they run, and its stylesheet
 * embeds its fonts as data: URLs. Styles and fonts run no code.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = contentSecurityPolicy(NO_INLINE, { inlineStyles: true, dataFonts: true });

/** Two years, the preload list's expectation; sent only over https, where a browser heeds it. */
const HSTS = 'max-age=63072000; includeSubDomains';

export interface SecurityHeaderOptions extends ProxySettings {
  /** The built portal whose inline scripts the policy allows; absent: none are. */
  portalDistDir?: string;
}

export type SecurityHeaders = (request: IncomingMessage) => Record<string, string>;

/** Reads the build once; the same code always builds the same inline scripts. */
export function createSecurityHeaders(options: SecurityHeaderOptions): SecurityHeaders {
  const common = {
    'content-security-policy': contentSecurityPolicy(options.portalDistDir ? inlineHashesOfSite(options.portalDistDir) : NO_INLINE),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  const overHttps = { ...common, 'strict-transport-security': HSTS };
  const overHttpsOf = (request: IncomingMessage) =>
    cameOverHttps(request.headers, (request.socket as Partial<TLSSocket>).encrypted === true, options);
  return (request) => (overHttpsOf(request) ? overHttps : common);
}
