// The built site, as a browser would load it: every inline script and style
// is allowed by the Content-Security-Policy the server sends (and nothing
// else inline exists that the policy would block), dashboard pages stay
// within their JavaScript budget, and public pages ship no script but the
// policy texts' small contents script (and the forms' and search's).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createSecurityHeaders } from '@governance/api/http/security-headers';
import { ORGANIZATION_PAGE_SEGMENTS } from '@governance/policies/vocabulary/urls';
import { type HTMLElement, parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT } from '../helpers/portal-build.ts';
import { seedPortal } from '../helpers/seed-portal.ts';

/** Gzipped JavaScript a dashboard page may load before it is usable. */
const DASHBOARD_JS_BUDGET = 120 * 1024;
/** Sections of the public site that carry a script on purpose (forms, search) or are not policy pages. */
const NOT_POLICY_PAGES = new Set(['dashboard', 'search', 'pagefind', 'privacy-request', 'transparency', 'retention', '_astro']);

let dist: string;
let pages: string[];

async function htmlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => path.join(entry.parentPath, entry.name));
}

const documentOf = async (file: string) =>
  parse(await readFile(file, 'utf8'), { comment: false, blockTextElements: { script: true, style: true } });
const urlOf = (file: string) => `/${path.relative(dist, file).replace(/index\.html$/, '')}`;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

beforeAll(async () => {
  dist = await seedPortal();
  pages = await htmlFiles(dist);
}, BUILD_TIMEOUT);

describe('the Content-Security-Policy of the built site', () => {
  it('allows every inline script and style of every page, by hash', async () => {
    const headers = createSecurityHeaders({ trustProxy: false, portalDistDir: dist })({ socket: {}, headers: {} } as IncomingMessage);
    const policy = new Map(
      headers['content-security-policy']?.split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, new Set(sources)] as const;
      }),
    );
    const uncovered: string[] = [];
    for (const file of pages) {
      const document = await documentOf(file);
      for (const script of document.querySelectorAll('script:not([src])')) {
        if (script.rawText.trim() !== '' && !policy.get('script-src')?.has(sha256(script.rawText)))
          uncovered.push(`${urlOf(file)}: <script>`);
      }
      for (const style of document.querySelectorAll('style')) {
        if (!policy.get('style-src')?.has(sha256(style.rawText))) uncovered.push(`${urlOf(file)}: <style>`);
      }
    }
    expect(pages.length).toBeGreaterThan(10);
    expect(uncovered).toEqual([]);
  });

  it('finds no inline event handlers or style attributes, which no hash can allow', async () => {
    const blocked: string[] = [];
    for (const file of pages) {
      for (const element of (await documentOf(file)).querySelectorAll('*')) {
        for (const name of Object.keys(element.attributes)) {
          if (/^on[a-z]+$/i.test(name) || name.toLowerCase() === 'style')
            blocked.push(`${urlOf(file)}: <${element.tagName.toLowerCase()} ${name}>`);
        }
      }
    }
    expect(blocked).toEqual([]);
  });
});

/** The module files a page loads: its scripts and islands, and everything they import statically. */
async function javascriptOf(document: HTMLElement): Promise<Map<string, number>> {
  const pending = [
    ...document.querySelectorAll('script[src]').map((script) => script.getAttribute('src') ?? ''),
    ...document
      .querySelectorAll('astro-island')
      .flatMap((island) => [island.getAttribute('component-url') ?? '', island.getAttribute('renderer-url') ?? '']),
  ].filter((url) => url.startsWith('/'));
  const sizes = new Map<string, number>();
  sizes.set(
    'inline',
    document.querySelectorAll('script:not([src])').reduce((sum, script) => sum + gzipSync(script.rawText).length, 0),
  );
  while (pending.length > 0) {
    const url = pending.pop() ?? '';
    if (sizes.has(url)) continue;
    const code = await readFile(path.join(dist, url), 'utf8');
    sizes.set(url, gzipSync(code, { level: 9 }).length);
    // Static imports in Vite's output: import{…}from"./x.js" and import"./x.js".
    for (const match of code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
      pending.push(path.posix.join(path.posix.dirname(url), match[1] ?? ''));
    }
  }
  return sizes;
}

describe('JavaScript', () => {
  it(`of each dashboard page stays under ${DASHBOARD_JS_BUDGET / 1024} KB gzipped on first load`, async () => {
    const dashboardPages = pages.filter((file) => urlOf(file).startsWith('/dashboard/'));
    expect(dashboardPages.map(urlOf)).toEqual(
      expect.arrayContaining([
        '/dashboard/',
        '/dashboard/audit/',
        '/dashboard/requests/',
        '/dashboard/requests/detail/',
        '/dashboard/retention/',
        '/dashboard/sign-in/',
        '/dashboard/sign-out/',
        '/dashboard/tokens/',
        '/dashboard/users/',
      ]),
    );
    const totals: Record<string, number> = {};
    for (const file of dashboardPages) {
      const sizes = await javascriptOf(await documentOf(file));
      expect(sizes.size, `${urlOf(file)} loads its island`).toBeGreaterThan(2);
      totals[urlOf(file)] = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    }
    console.log('dashboard JavaScript (gzip bytes):', totals);
    for (const [url, total] of Object.entries(totals)) expect(total, url).toBeLessThan(DASHBOARD_JS_BUDGET);
  });

  it('is absent from home, organization and redline pages, and policy texts load only their small contents script', async () => {
    const publicPages = pages.filter(
      (file) =>
        !urlOf(file)
          .split('/')
          .some((segment) => NOT_POLICY_PAGES.has(segment)),
    );
    expect(publicPages.map(urlOf)).toContain('/leenops/terms-of-service/');
    // A policy's text (current or permanent page): /<org>/<policy>/ or /<org>/<policy>/v/<version>/;
    // the organization's own pages (/<org>/changes/, /<org>/reviewers/) are not policies and carry no script.
    const POLICY_TEXT = /^\/[^/]+\/(?<policy>[^/]+)\/(?:v\/[^/]+\/)?$/;
    const isPolicyText = (url: string) => {
      const policy = POLICY_TEXT.exec(url)?.groups?.policy;
      return policy !== undefined && !ORGANIZATION_PAGE_SEGMENTS.has(policy);
    };
    const withScripts: string[] = [];
    for (const file of publicPages) {
      const document = await documentOf(file);
      if (!isPolicyText(urlOf(file))) {
        if (document.querySelectorAll('script').length > 0) withScripts.push(urlOf(file));
        continue;
      }
      // The page reads without it; it only opens the contents on wide screens and marks the section being read.
      const sizes = await javascriptOf(document);
      expect(sizes.get('inline'), urlOf(file)).toBe(0);
      expect(sizes.size, urlOf(file)).toBe(2);
      expect(
        [...sizes.values()].reduce((sum, size) => sum + size, 0),
        urlOf(file),
      ).toBeLessThan(2 * 1024);
    }
    expect(withScripts).toEqual([]);
  });
});
