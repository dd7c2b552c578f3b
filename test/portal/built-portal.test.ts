// Builds the public portal once into a temporary folder and checks the HTML
// it publishes against the policy files it was built from.
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderPolicyMarkdown } from '@governance/policies/render';
import { readPolicyRepository, type VersionSource } from '@governance/policies/repository';
import type { Nodes, Root } from 'mdast';
import { type HTMLElement, parse } from 'node-html-parser';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupPolicyVersions, type PolicyVersions, type VersionFacts } from '../../portal/src/lib/policy-versions.ts';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
const POLICIES_DIR = path.join(REPOSITORY_ROOT, 'policies');
const PORTAL_DIR = path.join(REPOSITORY_ROOT, 'portal');
/** Pinned so the expected pages do not change with the calendar. */
const TODAY = '2026-11-22';
const BUILD_TIMEOUT = 180_000;

interface PortalVersion extends VersionFacts {
  source: VersionSource;
}

let outDir: string;
let versions: PortalVersion[];
let policies: PolicyVersions<PortalVersion>[];

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'portal-build-'));
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
  await buildPortal(outDir);
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function buildPortal(target: string): Promise<void> {
  try {
    // Astro's own CLI on this Node, so the test needs no pnpm on PATH.
    const astro = path.join(
      path.dirname(createRequire(path.join(PORTAL_DIR, 'package.json')).resolve('astro/package.json')),
      'bin/astro.mjs',
    );
    await promisify(execFile)(process.execPath, [astro, 'build', '--outDir', target], {
      cwd: PORTAL_DIR,
      // No telemetry: the test must not depend on the network.
      env: { ...process.env, PORTAL_TODAY: TODAY, POLICIES_DIR, ASTRO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 20 * 1024 * 1024,
      timeout: BUILD_TIMEOUT,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`the portal build failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}

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
  return ['/', '/search/', '/404.html', ...organizations.map((organization) => `/${organization}/`)].map((url) => ({
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

async function load(url: string): Promise<HTMLElement> {
  const cached = parsedPages.get(url);
  if (cached) return cached;
  const root = parse(await readFile(fileOf(url), 'utf8'));
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
      await expect(access(fileOf(page.url)), page.url).resolves.toBeUndefined();
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

  it('lists one changelog row per visible version, with its summary, on each current page', async () => {
    for (const page of currentPages()) {
      const { version } = page;
      const policy = policies.find((candidate) => candidate.organization === version.organization && candidate.policy === version.policy);
      const changelog = mainOf(await load(page.url)).querySelector('section.changelog');
      expect(changelog?.querySelector('h2')?.textContent, page.url).toBe('Policy changelog');
      expect(changelog?.querySelector('table caption'), page.url).not.toBeNull();
      const headers = changelog?.querySelectorAll('thead th').map((th) => [th.getAttribute('scope'), normalise(th.textContent)]);
      expect(headers, page.url).toEqual([
        ['col', 'Version'],
        ['col', 'Effective date'],
        ['col', 'Summary'],
        ['col', 'Changes'],
      ]);
      const rows = changelog?.querySelectorAll('tbody tr') ?? [];
      const visible = policy?.versions.map((entry) => entry.version) ?? [];
      expect(rows, page.url).toHaveLength(visible.length);
      visible.forEach((expected, index) => {
        const row = rows[index];
        const versionCell = row?.querySelector('th[scope="row"]');
        expect(normalise(versionCell?.textContent ?? ''), page.url).toBe(`v${expected.version}`);
        expect(versionCell?.querySelector('a')?.getAttribute('href'), page.url).toBe(
          `/${expected.organization}/${expected.policy}/v/${expected.version}/`,
        );
        expect(row?.querySelector('time')?.getAttribute('datetime'), page.url).toBe(expected.effective);
        expect(normalise(row?.querySelectorAll('td').at(-2)?.textContent ?? ''), page.url).toBe(expected.source.frontmatter.summary);
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

  it('ships no JavaScript except on the search page', async () => {
    for (const page of allPages()) {
      const scripts = (await load(page.url)).querySelectorAll('script');
      if (page.url === '/search/') expect(scripts.length).toBeGreaterThan(0);
      else expect(scripts, page.url).toHaveLength(0);
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
