// Checks the HTML the public portal publishes (the run's seed build,
// test/helpers/seed-portal.ts) against the policy files it was built from.
// The pages that show live data (the requester's pages, retention, transparency) are not
// files: they are read from the production HTTP server, which renders them
// from the same build over a database holding the shipped policies.
import { access, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHttpServer } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { DEFAULT_AUDIT_RETENTION_FLOOR } from '@governance/api/retention/audit-retention-guard';
import { enforcementOf, loadInitialSettings } from '@governance/api/retention/retention.service';
import { renderPolicyMarkdown } from '@governance/policies/render';
import { readPolicyRepository, type VersionSource } from '@governance/policies/repository';
import type { Nodes, Root } from 'mdast';
import { type HTMLElement, parse } from 'node-html-parser';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupPolicyVersions, type PolicyVersions, type VersionFacts } from '../../portal/src/lib/policy-versions.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { submitForTest } from '../helpers/deletion-requests.ts';
import { POLICIES_DIR } from '../helpers/policy-files.ts';
import { BUILD_TIMEOUT, PORTAL_TODAY } from '../helpers/portal-build.ts';
import { seedPortal } from '../helpers/seed-portal.ts';
import { syncShippedPolicies } from '../helpers/shipped-policies.ts';
import { createOrganization } from '../helpers/staff.ts';

/** The date the seed portal is built for. */
const TODAY = PORTAL_TODAY;

interface PortalVersion extends VersionFacts {
  source: VersionSource;
}

/** The seed portal's build (test/helpers/seed-portal.ts): read only. */
let outDir: string;
/** The live pages' data: the shipped policies and their retention settings, a few deletion requests. */
let database: TestDatabase;
let api: TestApi;
let server: Server;
let base: string;
let versions: PortalVersion[];
let policies: PolicyVersions<PortalVersion>[];

beforeAll(async () => {
  const repository = await readPolicyRepository(POLICIES_DIR);
  expect(repository.problems).toEqual([]);
  versions = repository.versions.map((source) => ({
    organization: source.organization,
    policy: source.policy,
    version: source.frontmatter.version,
    effective: source.frontmatter.effective,
    published: source.frontmatter.published,
    source,
  }));
  policies = groupPolicyVersions(versions, TODAY);
  database = await createTestDatabase();
  await syncShippedPolicies(database);
  await createOrganization(database.db, 'acme');
  await loadInitialSettings(
    { db: database.db, clock: movableClock('2026-11-01T09:00:00.000Z'), auditRetentionFloor: DEFAULT_AUDIT_RETENTION_FLOOR },
    'acme',
    ACME_RETENTION,
    'policies/acme/retention.yaml',
    { type: 'SYSTEM', id: null, label: 'policy sync' },
  );
  api = createTestApi(database, movableClock(`${TODAY}T10:00:00.000Z`));
  outDir = await seedPortal();
  server = createHttpServer(api.services, { graphiql: false, portal: createStaticPortal(outDir), portalDistDir: outDir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, BUILD_TIMEOUT);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
});

// --- pages -----------------------------------------------------------------

interface PolicyPage {
  url: string;
  kind: 'current' | 'permanent';
  version: PortalVersion;
}

interface OtherPage {
  url: string;
  kind: 'other';
}

function currentPages(): PolicyPage[] {
  return policies.flatMap((policy) =>
    policy.current ? [{ url: `/${policy.organization}/${policy.policy}/`, kind: 'current' as const, version: policy.current }] : [],
  );
}

function permanentPages(): PolicyPage[] {
  return policies.flatMap((policy) =>
    policy.versions.map(({ version }) => ({
      url: `/${version.organization}/${version.policy}/v/${version.version}/`,
      kind: 'permanent' as const,
      version,
    })),
  );
}

function otherPages(): OtherPage[] {
  const organizations = [...new Set(versions.map((version) => version.organization))];
  return [
    '/',
    '/search/',
    '/404.html',
    ...organizations.flatMap((organization) => [`/${organization}/`, ...requesterPages(organization)]),
  ].map((url) => ({
    url,
    kind: 'other' as const,
  }));
}

const policyPages = (): PolicyPage[] => [...currentPages(), ...permanentPages()];
const allPages = (): Array<PolicyPage | OtherPage> => [...policyPages(), ...otherPages()];

function fileOf(url: string): string {
  const segments = url.split('/').filter(Boolean);
  return url.endsWith('.html') ? path.join(outDir, ...segments) : path.join(outDir, ...segments, 'index.html');
}

const parsedPages = new Map<string, HTMLElement>();

/** The pages the server renders on request (`prerender = false`), which the build writes no file for. */
const LIVE_PAGE = /^\/[^/]+\/(privacy-request|retention|transparency)\//;

async function fetchLivePage(url: string): Promise<Response> {
  const response = await fetch(`${base}${url}`);
  expect(response.status, url).toBe(200);
  expect(response.headers.get('content-type'), url).toBe('text/html; charset=utf-8');
  return response;
}

async function load(url: string): Promise<HTMLElement> {
  const cached = parsedPages.get(url);
  if (cached) return cached;
  const root = parse(LIVE_PAGE.test(url) ? await (await fetchLivePage(url)).text() : await readFile(fileOf(url), 'utf8'));
  parsedPages.set(url, root);
  return root;
}

function mainOf(root: HTMLElement): HTMLElement {
  const main = root.querySelector('main');
  if (!main) throw new Error('the page has no <main>');
  return main;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

// --- Markdown blocks ---------------------------------------------------------

interface Block {
  kind: 'paragraph' | 'listItem' | 'tableCell' | 'heading';
  /** The tag(s) that must render the block. */
  selector: string;
  text: string;
}

const SELECTORS = { paragraph: 'p', listItem: 'li', tableCell: 'td, th' } as const;

function markdownBlocks(markdown: string): Block[] {
  const tree: Root = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  const blocks: Block[] = [];
  const visit = (node: Nodes, parent: Nodes | undefined) => {
    if (node.type === 'heading') blocks.push({ kind: 'heading', selector: `h${node.depth}`, text: normalise(textOf(node)) });
    // A tight list renders its paragraphs without <p>; the list item's own check covers their text.
    else if (node.type === 'paragraph' && parent?.type === 'listItem') return;
    else if (node.type === 'paragraph' || node.type === 'listItem' || node.type === 'tableCell') {
      blocks.push({ kind: node.type, selector: SELECTORS[node.type], text: normalise(textOf(node)) });
    }
    if ('children' in node) for (const child of node.children) visit(child, node);
  };
  visit(tree, undefined);
  return blocks.filter((block) => block.text !== '');
}

/** The text a reader sees: blocks inside a list item are separated by
 * whitespace in HTML, so they are here too. */
function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'break') return ' ';
  if (node.type === 'image') return node.alt ?? '';
  if (node.type === 'html') return '';
  if (!('children' in node)) return '';
  const separator = node.type === 'listItem' || node.type === 'list' || node.type === 'blockquote' ? ' ' : '';
  return node.children.map((child) => textOf(child)).join(separator);
}

// --- tests -------------------------------------------------------------------

describe('the built portal', () => {
  it('has a current page for every policy in effect and a permanent page for every visible version', async () => {
    expect(currentPages().length).toBeGreaterThan(0);
    expect(permanentPages()).toHaveLength(versions.filter((version) => version.published <= TODAY).length);
    for (const page of allPages()) {
      if (LIVE_PAGE.test(page.url)) await fetchLivePage(page.url);
      else await expect(access(fileOf(page.url)), page.url).resolves.toBeUndefined();
    }
  });

  it('publishes every paragraph, list item, table cell and heading of each version', async () => {
    for (const page of policyPages()) {
      const { version } = page;
      const main = mainOf(await load(page.url));
      const blocks = markdownBlocks(version.source.body);
      expect(blocks.length, page.url).toBeGreaterThan(0);
      for (const block of blocks) {
        const rendered = main.querySelectorAll(block.selector).map((element) => normalise(element.textContent));
        expect(rendered, `${page.url}: ${block.kind} "${block.text.slice(0, 60)}"`).toContain(block.text);
      }
    }
  });

  it('shows the title as the only h1 and the version metadata with readable dates', async () => {
    for (const page of policyPages()) {
      const { version } = page;
      const root = await load(page.url);
      expect(root.querySelector('h1')?.textContent, page.url).toBe(version.source.frontmatter.title);
      const effective = mainOf(root).querySelector(`.policy-facts time[datetime="${version.effective}"]`);
      expect(effective?.textContent, page.url).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    }
  });

  it('lists each visible version once, in one changelog, with its summary, on each current page', async () => {
    for (const page of currentPages()) {
      const { version } = page;
      const policy = policies.find((candidate) => candidate.organization === version.organization && candidate.policy === version.policy);
      const main = mainOf(await load(page.url));
      expect(main.querySelectorAll('section.changelog'), page.url).toHaveLength(1);
      // The changelog replaced the separate "All versions" list that repeated it.
      expect(main.querySelector('.version-list'), page.url).toBeNull();
      const changelog = main.querySelector('section.changelog');
      expect(changelog?.querySelector('h2')?.textContent, page.url).toBe('Policy changelog');
      const entries = changelog?.querySelectorAll('li.changelog-entry') ?? [];
      const visible = policy?.versions.map((entry) => entry.version) ?? [];
      expect(entries, page.url).toHaveLength(visible.length);
      visible.forEach((expected, index) => {
        const entry = entries[index];
        const versionLink = entry?.querySelector('a.changelog-version');
        expect(normalise(versionLink?.textContent ?? ''), page.url).toBe(`Version ${expected.version}`);
        expect(versionLink?.getAttribute('href'), page.url).toBe(`/${expected.organization}/${expected.policy}/v/${expected.version}/`);
        expect(entry?.querySelector('.changelog-date time')?.getAttribute('datetime'), page.url).toBe(expected.effective);
        expect(normalise(entry?.querySelector('.changelog-summary')?.textContent ?? ''), page.url).toBe(
          expected.source.frontmatter.summary,
        );
      });
    }
  });

  it('links the table of contents to ids that exist on the page', async () => {
    for (const page of policyPages()) {
      const root = await load(page.url);
      const links = root.querySelectorAll('nav[aria-label="Contents"] a');
      expect(links.length, page.url).toBeGreaterThan(0);
      for (const link of links) {
        const href = link.getAttribute('href') ?? '';
        expect(href, page.url).toMatch(/^#./);
        expect(root.querySelectorAll(`[id="${href.slice(1)}"]`), `${page.url} ${href}`).toHaveLength(1);
      }
    }
  });

  it('gives every section the anchor the API serves for it, nested h3 included', async () => {
    for (const page of policyPages()) {
      const { version } = page;
      const { sections } = await renderPolicyMarkdown(version.source.body);
      const root = await load(page.url);
      const tocTargets = root.querySelectorAll('nav[aria-label="Contents"] a').map((link) => link.getAttribute('href'));
      expect(tocTargets, page.url).toEqual(sections.map((section) => `#${section.id}`));
      const headingIds = root.querySelectorAll('.policy-body h2, .policy-body h3, .policy-body h4').map((heading) => heading.id);
      expect(headingIds, page.url).toEqual(sections.map((section) => section.id));
    }
  });

  it('has exactly one h1, the landmarks, and heading levels that never skip', async () => {
    for (const page of allPages()) {
      const root = await load(page.url);
      expect(root.querySelector('html')?.getAttribute('lang'), page.url).toBe('en');
      expect(root.querySelectorAll('h1'), page.url).toHaveLength(1);
      expect(root.querySelector('body > header'), page.url).not.toBeNull();
      expect(root.querySelector('body > footer'), page.url).not.toBeNull();
      expect(root.querySelectorAll('main'), page.url).toHaveLength(1);
      expect(root.querySelector('main')?.id, page.url).toBe('main');
      expect(root.querySelector('a[href="#main"]'), page.url).not.toBeNull();
      expect(root.querySelector('nav[aria-label]'), page.url).not.toBeNull();
      const levels = root.querySelectorAll('h1, h2, h3, h4, h5, h6').map((heading) => Number(heading.tagName.slice(1)));
      expect(levels[0], page.url).toBe(1);
      levels.forEach((level, index) => {
        if (index > 0) expect(level, `${page.url} heading ${index}`).toBeLessThanOrEqual((levels[index - 1] ?? 1) + 1);
      });
    }
  });

  it('ships JavaScript only as files, and only to the search page, the policy pages (their contents list) and the requester pages', async () => {
    for (const page of allPages()) {
      const scripts = (await load(page.url)).querySelectorAll('script');
      if (page.url === '/search/' || page.kind !== 'other' || REQUESTER_PAGE.test(page.url)) {
        expect(scripts.length, page.url).toBeGreaterThan(0);
        for (const script of scripts) {
          expect(script.getAttribute('type'), page.url).toBe('module');
          expect(script.getAttribute('src'), page.url).toMatch(/^\/_astro\/[\w.-]+\.js$/);
          expect(script.textContent.trim(), page.url).toBe('');
        }
      } else expect(scripts, page.url).toHaveLength(0);
    }
  });

  it('writes a Pagefind index that holds only the current pages', async () => {
    for (const file of ['pagefind.js', 'pagefind-ui.js', 'pagefind-ui.css', 'pagefind-entry.json']) {
      await expect(access(path.join(outDir, 'pagefind', file)), file).resolves.toBeUndefined();
    }
    const entry = JSON.parse(await readFile(path.join(outDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    const indexed = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
    expect(indexed).toBe(currentPages().length);
    for (const page of policyPages()) {
      const body = (await load(page.url)).querySelectorAll('[data-pagefind-body]');
      expect(body, page.url).toHaveLength(page.kind === 'current' ? 1 : 0);
    }
  });
});

describe('grouping versions into policies', () => {
  const version = (number: string, effective: string, published = effective): VersionFacts => ({
    organization: 'example',
    policy: 'privacy',
    version: number,
    effective,
    published,
  });

  it('keeps the old version current while a newer one is pending', () => {
    const [policy] = groupPolicyVersions([version('1.0', '2026-01-01'), version('1.1', '2026-11-23', '2026-10-01')], '2026-11-22');
    expect(policy?.current?.version).toBe('1.0');
    expect(policy?.pending.map((pending) => pending.version)).toEqual(['1.1']);
    expect(policy?.versions.map((entry) => [entry.version.version, entry.status.kind])).toEqual([
      ['1.1', 'pending'],
      ['1.0', 'current'],
    ]);
  });

  it('makes the new version current on its effective date and marks the old one superseded', () => {
    const [policy] = groupPolicyVersions([version('1.0', '2026-01-01'), version('1.1', '2026-11-22', '2026-10-01')], '2026-11-22');
    expect(policy?.current?.version).toBe('1.1');
    const old = policy?.versions.find((entry) => entry.version.version === '1.0');
    expect(old?.status).toEqual({ kind: 'superseded', by: expect.objectContaining({ version: '1.1', effective: '2026-11-22' }) });
  });

  it('hides a version published in the future', () => {
    const [policy] = groupPolicyVersions([version('1.0', '2026-01-01'), version('2.0', '2026-12-30', '2026-11-23')], '2026-11-22');
    expect(policy?.versions.map((entry) => entry.version.version)).toEqual(['1.0']);
    expect(policy?.pending).toEqual([]);
  });

  it('gives a policy whose only version is pending no current version', () => {
    const [policy] = groupPolicyVersions([version('1.0', '2026-12-01', '2026-11-01')], '2026-11-22');
    expect(policy?.current).toBeUndefined();
    expect(policy?.versions.map((entry) => entry.status.kind)).toEqual(['pending']);
  });

  it('orders versions numerically, newest first', () => {
    const [policy] = groupPolicyVersions(
      [version('1.9', '2026-01-01'), version('1.10', '2026-02-01'), version('1.2', '2025-06-01')],
      '2026-11-22',
    );
    expect(policy?.versions.map((entry) => entry.version.version)).toEqual(['1.10', '1.9', '1.2']);
    expect(policy?.current?.version).toBe('1.10');
  });
});

// --- the requester's pages (deletion requests) --------------------------------

/** Pages that carry a script of their own; every other page stays script-free. */
const REQUESTER_PAGE = /^\/[^/]+\/privacy-request\//;

function requesterPages(organization: string): string[] {
  return ['', 'received/', 'verify/', 'verify/confirmed/', 'status/']
    .map((page) => `/${organization}/privacy-request/${page}`)
    .concat(`/${organization}/transparency/`);
}

/** What identifies a form control, for comparing two renderings of one form (typed values aside). */
const controlsOf = (form: HTMLElement | null) =>
  (form?.querySelectorAll('input, textarea, select, button') ?? []).map((control) => [
    control.tagName,
    ...['id', 'name', 'type', 'autocomplete', 'required', 'maxlength'].map((name) => control.getAttribute(name) ?? null),
    control.getAttribute('type') === 'radio' ? control.getAttribute('value') : null,
  ]);
const labelsOf = (form: HTMLElement | null) =>
  (form?.querySelectorAll('label, legend') ?? []).map((label) => [label.getAttribute('for'), normalise(label.textContent)]);

describe('the requester pages', () => {
  const formPage = () => load('/leenops/privacy-request/');

  it('are linked from every organization page', async () => {
    for (const organization of new Set(versions.map((version) => version.organization))) {
      const links = mainOf(await load(`/${organization}/`))
        .querySelectorAll('a')
        .map((link) => link.getAttribute('href'));
      expect(links, organization).toContain(`/${organization}/privacy-request/`);
      expect(links, organization).toContain(`/${organization}/transparency/`);
    }
  });

  it('label every field of the request form, with autocomplete, and group the jurisdictions in a fieldset', async () => {
    const form = (await formPage()).querySelector('form[data-privacy-request]');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('action')).toBe('/leenops/privacy-request/');
    // Hidden inputs carry no answer of the person's (the form's version, the number of correction rows).
    const controls = form?.querySelectorAll('input:not([type="hidden"]), textarea') ?? [];
    expect(controls.map((control) => control.getAttribute('name'))).toEqual([
      'kinds',
      'kinds',
      'kinds',
      'kinds',
      ...[0, 1, 2].flatMap((row) => ['field', 'currentValue', 'proposedValue', 'reason'].map((part) => `corrections-${row}-${part}`)),
      'email',
      'name',
      'accountIdentifier',
      'jurisdiction',
      'jurisdiction',
      'jurisdiction',
      'details',
    ]);
    for (const control of controls) {
      const label = form?.querySelector(`label[for="${control.id}"]`);
      expect(normalise(label?.textContent ?? ''), control.id).not.toBe('');
    }
    expect(form?.querySelector('#email')?.getAttribute('autocomplete')).toBe('email');
    expect(form?.querySelector('#email')?.getAttribute('type')).toBe('email');
    expect(form?.querySelector('#name')?.getAttribute('autocomplete')).toBe('name');
    expect(form?.querySelector('#accountIdentifier')?.getAttribute('autocomplete')).toBe('username');
    const fieldset = form?.querySelector('fieldset[data-field="jurisdiction"]');
    expect(normalise(fieldset?.querySelector('legend')?.textContent ?? '')).toBe('Which law applies to you?');
    expect(fieldset?.querySelectorAll('input[type="radio"]').map((radio) => radio.getAttribute('value'))).toEqual([
      'GDPR',
      'CCPA',
      'OTHER',
    ]);
    expect(form?.querySelector('button[type="submit"]')?.textContent).toBe('Send request');
  });

  it('give every field a hidden error element and the page a hidden error summary, for the script to fill', async () => {
    const root = await formPage();
    for (const field of root.querySelectorAll('[data-field]')) {
      const name = field.getAttribute('data-field');
      const error = field.querySelector('.field-error');
      expect(error?.id, name ?? '').toBe(`${name}-error`);
      expect(error?.hasAttribute('hidden'), name ?? '').toBe(true);
    }
    const summary = root.querySelector('.error-summary');
    expect(summary?.hasAttribute('hidden')).toBe(true);
    expect(summary?.getAttribute('tabindex')).toBe('-1');
    // The GOV.UK pattern: announced through role="alert", never aria-labelledby on an element without a role.
    expect(summary?.hasAttribute('aria-labelledby')).toBe(false);
    expect(summary?.querySelector('[role="alert"] h2')?.textContent).toBe('There is a problem');
  });

  it('point every aria-describedby at an element of the page', async () => {
    for (const organization of ['leenops', 'openleash']) {
      for (const url of requesterPages(organization)) {
        const root = await load(url);
        for (const element of root.querySelectorAll('[aria-describedby]')) {
          for (const id of element.getAttribute('aria-describedby')?.split(/\s+/) ?? []) {
            expect(root.querySelectorAll(`[id="${id}"]`), `${url} ${id}`).toHaveLength(1);
          }
        }
      }
    }
  });

  it('render the same form again, one component, when a no-JavaScript submission is refused', async () => {
    const shown = (await formPage()).querySelector('form[data-privacy-request]');
    const refused = await fetch(`${base}/leenops/privacy-request/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ email: 'not-an-address', name: 'Ada', jurisdiction: 'GDPR' }).toString(),
    });
    expect(refused.status).toBe(400);
    const served = parse(await refused.text()).querySelector('main form');
    expect(controlsOf(served)).toEqual(controlsOf(shown));
    expect(labelsOf(served)).toEqual(labelsOf(shown));
    expect(served?.getAttribute('action')).toBe(shown?.getAttribute('action'));
  });

  it('offer a "Confirm my email address" button and a code field that posts to the server without JavaScript', async () => {
    const form = (await load('/leenops/privacy-request/verify/')).querySelector('form[data-verify-form]');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('action')).toBe('/leenops/privacy-request/verify/');
    expect(form?.hasAttribute('hidden')).toBe(false);
    expect(normalise(form?.querySelector('label[for="token"]')?.textContent ?? '')).toBe('Confirmation code');
    expect(form?.querySelector('input#token')?.getAttribute('name')).toBe('token');
    expect(form?.querySelector('button[type="submit"]')?.textContent).toBe('Confirm my email address');
  });

  it('show the generic text on the received page, the reference only once a script checks it, and link the status page', async () => {
    const main = mainOf(await load('/leenops/privacy-request/received/'));
    expect(normalise(main.textContent)).toContain('We sent an email with a confirmation link');
    expect(main.querySelector('[data-reference]')?.hasAttribute('hidden')).toBe(true);
    expect(main.querySelectorAll('a').map((link) => link.getAttribute('href'))).toContain('/leenops/privacy-request/status/');
  });

  it('offer the status page a form that works without JavaScript, and explain how to check a receipt', async () => {
    const root = await load('/leenops/privacy-request/status/');
    // The form posts (never a GET address with the secret in it), and shows without a script.
    const form = root.querySelector('form[data-status-form]');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('action')).toBe('/leenops/privacy-request/status/');
    expect(form?.hasAttribute('hidden')).toBe(false);
    expect(form?.querySelectorAll('input').map((input) => input.getAttribute('name'))).toEqual(['reference', 'code']);
    expect(root.querySelector('noscript')).toBeNull();
    const main = mainOf(root);
    expect(normalise(main.textContent)).toContain(
      'openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in signed.json -sigfile signature.bin',
    );
    expect(main.querySelectorAll('a').map((link) => link.getAttribute('href'))).toContain('/.well-known/audit-checkpoints/leenops.json');
  });

  it('show the figures for this year and last as the database holds them at the request', async () => {
    const cell = (root: HTMLElement, metric: string, year: number) =>
      normalise(root.querySelector(`td[data-metric="${metric}"][data-year="${year}"]`)?.textContent ?? '');
    const before = await fetchLivePage('/leenops/transparency/');
    expect(before.headers.get('cache-control')).toBe('public, max-age=60');
    const received = Number(cell(parse(await before.text()), 'received', 2026));
    await submitForTest(api, { organization: 'leenops' });
    await submitForTest(api, { organization: 'leenops' });
    // Not the page loaded above (load() keeps pages): a new request, rendered now.
    const leenops = parse(await (await fetchLivePage('/leenops/transparency/')).text());
    expect(leenops.querySelector('[data-transparency]')?.getAttribute('data-years')).toBe('2026,2025');
    expect(leenops.querySelector('[data-transparency]')?.hasAttribute('aria-busy')).toBe(false);
    expect(cell(leenops, 'received', 2026)).toBe(String(received + 2));
    expect(cell(leenops, 'open', 2026)).toBe(String(received + 2));
    expect(cell(leenops, 'rejected-unverifiable', 2026)).toBe('0');
    expect(cell(leenops, 'median', 2026)).toBe('none closed yet');
    expect(cell(leenops, 'on-time', 2025)).toBe('none closed yet');
    expect(normalise(leenops.querySelector('main')?.textContent ?? '')).not.toContain('Loading');
    expect(leenops.querySelectorAll('script')).toHaveLength(0);
  });

  it('link the same stylesheet as the static pages', async () => {
    const stylesheets = (root: HTMLElement) => root.querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute('href'));
    const ofStaticPage = stylesheets(await load('/leenops/'));
    expect(ofStaticPage.length).toBeGreaterThan(0);
    for (const url of requesterPages('leenops')) {
      const ofPage = stylesheets(await load(url));
      // The status page adds its own, for the request it shows (styles/requester.css), and the form its own, for the
      // choices and correction rows (styles/privacy-request-form.css, correction-items.css).
      if (url.endsWith('/status/') || url.endsWith('/privacy-request/')) {
        expect(ofPage, url).toHaveLength(ofStaticPage.length + 1);
        expect(ofPage, url).toEqual(expect.arrayContaining([...ofStaticPage, expect.stringMatching(/^\/_astro\/[\w.-]+\.css$/)]));
      } else expect(ofPage, url).toEqual(ofStaticPage);
    }
    // The schedule adds its own, for the cards it becomes on a phone.
    const ofSchedule = stylesheets(await load('/leenops/retention/'));
    expect(ofSchedule).toHaveLength(ofStaticPage.length + 1);
    expect(ofSchedule).toEqual(
      expect.arrayContaining([...ofStaticPage, expect.stringMatching(/^\/_astro\/retention-schedule\.[\w-]+\.css$/)]),
    );
  });

  it('answer 404 with "Organization not found" for an organization the database does not know', async () => {
    for (const url of [...requesterPages('nobody'), '/nobody/retention/']) {
      const response = await fetch(`${base}${url}`);
      expect(response.status, url).toBe(404);
      expect(parse(await response.text()).querySelector('h1')?.textContent, url).toBe('Organization not found');
    }
  });

  it('are not cached anywhere: what a requester typed or confirmed is theirs alone', async () => {
    for (const url of requesterPages('leenops').filter((url) => url.includes('/privacy-request/'))) {
      expect((await fetchLivePage(url)).headers.get('cache-control'), url).toBe('no-store');
    }
  });

  it('use no inline event handlers on any page (the Content-Security-Policy would block them)', async () => {
    for (const page of allPages()) {
      const root = await load(page.url);
      const handlers = root.querySelectorAll('*').flatMap((element) => Object.keys(element.attributes).filter((name) => /^on/i.test(name)));
      expect(handlers, page.url).toEqual([]);
    }
  });
});

// --- the retention schedule ----------------------------------------------------

/** Settings of an organization of the test's own, as a settings file holds them; in force since 1 November 2026. */
const ACME_RETENTION = [
  {
    category: 'mail-outbox',
    description: 'Records of email sent to requesters.',
    period: 'P30D',
    trigger: 'message delivered or given up',
    action: 'DELETE' as const,
    legalBasis: 'Legitimate interest.',
    public: true,
  },
  {
    category: 'workspace-run-history',
    description: 'Run history of AI workflows.',
    period: 'INDEFINITE',
    justification: 'Customers configure it.',
    trigger: 'run recorded',
    action: 'DELETE' as const,
    legalBasis: 'Customer agreement.',
    public: true,
  },
];

describe('the retention schedule page', () => {
  /** Each cell's text without the column name a phone's card shows before it (.retention-label). */
  const rowsOf = (root: HTMLElement) =>
    root
      .querySelectorAll('[data-retention-schedule] tbody tr')
      .map((row) =>
        row
          .querySelectorAll('th, td')
          .map((cell) => normalise(cell.textContent.replace(cell.querySelector('.retention-label')?.textContent ?? '', ''))),
      );

  it('shows the schedule the database holds, marking what this portal enforces', async () => {
    const root = await load('/acme/retention/');
    expect(root.querySelector('[data-retention-schedule]')?.hasAttribute('aria-busy')).toBe(false);
    expect(rowsOf(root)).toEqual([
      [
        'Records of email sent to requesters. mail-outbox',
        '30 days P30D',
        'message delivered or given up',
        'Deleted',
        'Legitimate interest.',
        `Yes: ${enforcementOf('mail-outbox').note} Version 1, since 1 November 2026`,
      ],
      [
        'Run history of AI workflows. workspace-run-history',
        'Kept indefinitely INDEFINITE Customers configure it.',
        'run recorded',
        'Deleted',
        'Customer agreement.',
        'No: not enforced by this system; the organization applies it in its own systems. Version 1, since 1 November 2026',
      ],
    ]);
  });

  it('names its column in every cell, for the card each rule becomes on a phone', async () => {
    const root = await load('/acme/retention/');
    for (const row of root.querySelectorAll('[data-retention-schedule] tbody tr')) {
      expect(row.querySelectorAll('td').map((cell) => cell.querySelector('.retention-label')?.textContent)).toEqual([
        'Kept for',
        'The clock starts when',
        'Then',
        'Legal basis',
        'Enforced by this portal',
      ]);
    }
  });

  it('says so when an organization publishes no settings, with no script and no loading state', async () => {
    await createOrganization(database.db, 'quiet');
    const root = parse(await (await fetchLivePage('/quiet/retention/')).text());
    expect(rowsOf(root)).toEqual([]);
    expect(root.querySelector('table')).toBeNull();
    expect(root.querySelector('[data-retention-empty]')?.hasAttribute('hidden')).toBe(false);
    expect(root.querySelector('[data-retention-schedule]')?.hasAttribute('aria-busy')).toBe(false);
    expect(root.querySelectorAll('script')).toHaveLength(0);
  });

  it('is linked from every organization page', async () => {
    for (const organization of new Set(versions.map((version) => version.organization))) {
      const links = (await load(`/${organization}/`)).querySelectorAll('a').map((link) => link.getAttribute('href'));
      expect(links, organization).toContain(`/${organization}/retention/`);
    }
  });
});
