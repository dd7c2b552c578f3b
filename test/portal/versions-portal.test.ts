// Builds the portal from the fixture policies (several versions, one pending,
// one not yet published) and checks what a reviewer relies on: permanent
// URLs, hashes, the pending notice, redlines, feeds and policies.json.
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { syncPolicies } from '@governance/api/policies/policy-sync.service';
import { systemClock } from '@governance/api/shared/clock';
import { checkPolicies } from '@governance/policies/check';
import { readPolicyRepository, type VersionSource } from '@governance/policies/repository';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { BUILD_TIMEOUT, buildPortal, PORTAL_TODAY } from '../helpers/portal-build.ts';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(REPOSITORY_ROOT, 'test/fixtures/policies-versions');
const SITE = 'https://policies.example.org';
const TODAY = PORTAL_TODAY;

let outDir: string;
let sources: VersionSource[];

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'portal-versions-'));
  const repository = await readPolicyRepository(FIXTURE);
  expect(repository.problems).toEqual([]);
  sources = repository.versions;
  await buildPortal(outDir, FIXTURE, { env: { PUBLIC_SITE_URL: SITE } });
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

function fileOf(url: string): string {
  const pathname = new URL(url, SITE).pathname;
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  return pathname.endsWith('/') ? path.join(outDir, ...segments, 'index.html') : path.join(outDir, ...segments);
}

const read = (url: string) => readFile(fileOf(url), 'utf8');
const page = async (url: string): Promise<HTMLElement> => parse(await read(url));
const exists = (url: string) =>
  access(fileOf(url)).then(
    () => true,
    () => false,
  );
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const source = (policy: string, version: string) => {
  const found = sources.find((candidate) => candidate.policy === policy && candidate.frontmatter.version === version);
  if (!found) throw new Error(`no fixture version ${policy}@${version}`);
  return found;
};

/** Visible on TODAY: everything but acme/privacy 1.1 (published 2027-01-15). */
const VISIBLE = ['acme/terms@1.0', 'acme/terms@1.1', 'acme/terms@2.0', 'acme/privacy@1.0', 'globex/cookies@1.0'];
const REDLINES = ['/acme/terms/changes/1.0...1.1/', '/acme/terms/changes/1.1...2.0/'];

async function htmlPages(folder = outDir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'pagefind' && entry.name !== '_astro') found.push(...(await htmlPages(full)));
    else if (entry.name.endsWith('.html')) found.push(`/${path.relative(outDir, full).replace(/index\.html$/, '')}`);
  }
  return found.sort();
}

describe('permanent URLs and hashes', () => {
  it('serves every visible version, the pending one included, at its permanent URL with its canonical text', async () => {
    for (const key of VISIBLE) {
      const [organization, rest] = key.split('/') as [string, string];
      const [policy, version] = rest.split('@') as [string, string];
      const url = `/${organization}/${policy}/v/${version}/`;
      expect(await exists(url), url).toBe(true);
      const expected = source(policy, version);
      expect(await read(`${url}body.md`), url).toBe(expected.body);
      const shown = (await page(url)).querySelector('.verify-card code.sha256')?.textContent;
      expect(shown, url).toBe(expected.sha256);
    }
    expect(await exists('/acme/privacy/v/1.1/')).toBe(false);
    expect(await exists('/acme/privacy/v/1.1/body.md')).toBe(false);
  });

  it('resolves every internal link of every page', async () => {
    // Rendered on request by the server (the live pages), or served by it: no file in the build.
    const dynamic =
      /^\/(?:\.well-known\/audit-checkpoints\/[a-z0-9-]+\.json|[a-z0-9-]+\/(?:privacy-request\/.*|retention\/|transparency\/|trust-pack\.json))$/;
    const pages = await htmlPages();
    expect(pages).toEqual(expect.arrayContaining([...REDLINES, '/acme/terms/v/2.0/', '/acme/terms/']));
    for (const url of pages) {
      for (const link of (await page(url)).querySelectorAll('a[href^="/"], link[href^="/"]')) {
        const href = (link.getAttribute('href') ?? '').split('#')[0] ?? '';
        if (dynamic.test(href)) continue;
        expect(await exists(href), `${url} links to ${href}`).toBe(true);
      }
    }
  });

  it('strips a pinned {#id} from the heading and uses it as the anchor', async () => {
    const main = (await page('/acme/terms/v/1.1/')).querySelector('.policy-body');
    expect(main?.querySelector('h2#payment')?.textContent).toBe('Fees and payment');
    expect(main?.textContent).not.toContain('{#');
  });
});

describe('pending versions', () => {
  it('keeps the current page on the version in force, with a notice of the pending one', async () => {
    const current = await page('/acme/terms/');
    expect(current.querySelector('.policy-facts dd')?.textContent).toBe('1.1');
    const notice = current.querySelector('.notice-pending');
    expect(normalise(notice?.textContent ?? '')).toContain(
      'Upcoming change: version 2.0 takes effect on 15 December 2026 (a material change): Longer notice period for termination',
    );
    expect(notice?.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-15');
    expect(notice?.querySelectorAll('a').map((link) => link.getAttribute('href'))).toEqual([
      '/acme/terms/v/2.0/',
      '/acme/terms/changes/1.1...2.0/',
    ]);
  });

  it('announces the pending version on the organization page, with its redline', async () => {
    const item = (await page('/acme/'))
      .querySelectorAll('.policy-list li')
      .find((li) => li.querySelector('a')?.textContent === 'Terms of Service');
    expect(normalise(item?.textContent ?? '')).toContain('Version 2.0 takes effect on 15 December 2026 (what changes)');
    expect(item?.querySelector('a[href="/acme/terms/changes/1.1...2.0/"]')).not.toBeNull();
  });

  it('shows no notice where nothing is pending (an unpublished version is not announced)', async () => {
    expect((await page('/acme/privacy/')).querySelector('.notice-pending')).toBeNull();
  });
});

describe('redlines', () => {
  it('builds one redline per consecutive pair and links it from every changelog entry', async () => {
    const entries = (await page('/acme/terms/')).querySelectorAll('section.changelog li.changelog-entry');
    expect(
      entries.map((entry) => {
        const changes = entry.querySelector('.changelog-changes');
        return changes?.querySelector('a')?.getAttribute('href') ?? normalise(changes?.textContent ?? '');
      }),
    ).toEqual(['/acme/terms/changes/1.1...2.0/', '/acme/terms/changes/1.0...1.1/', 'The first version: nothing before it to compare']);
    for (const url of REDLINES) expect(await exists(url), url).toBe(true);
  });

  it('marks insertions and deletions with <ins>/<del> and text labels, section by section, unchanged sections folded', async () => {
    const root = await page('/acme/terms/changes/1.0...1.1/');
    const sections = root.querySelectorAll('.redline-section').map((section) => normalise(section.querySelector('h2')?.textContent ?? ''));
    expect(sections).toEqual([
      'Contact us (section moved, text unchanged)',
      'Accounts (section changed)',
      'Fees and payment (section changed)',
      'Liability (section removed)',
      'Data export (section added)',
    ]);
    expect(
      root
        .querySelectorAll('details.redline-unchanged-run')
        .map((run) => [
          normalise(run.querySelector('summary')?.textContent ?? ''),
          ...run.querySelectorAll('li').map((item) => item.textContent),
        ]),
    ).toEqual([
      ['1 unchanged section', 'Opening text'],
      ['1 unchanged section', 'Termination'],
    ]);
    const accounts = root.querySelector('section.redline-section h2#accounts')?.parentNode;
    expect(accounts?.querySelector('ins')?.textContent).toBe('[added: and API keys ]');
    const liability = root.querySelector('h2#liability')?.parentNode;
    expect(liability?.querySelector('del')?.textContent).toBe('[removed: Acme is not liable for indirect damages.]');
    expect(normalise(root.querySelector('h2#payment')?.parentNode?.querySelector('.redline-heading-change')?.textContent ?? '')).toBe(
      'Renamed from “Payment” to “Fees and payment”.',
    );
    expect(normalise(root.querySelector('.redline-totals')?.textContent ?? '')).toBe(
      '1 section added, 1 section removed, 2 sections changed, 1 section moved; 13 words added and 7 words removed.',
    );
    const later = await page('/acme/terms/changes/1.1...2.0/');
    const termination = later.querySelector('h2#termination')?.parentNode;
    expect(termination?.querySelectorAll('.redline-inline del, .redline-inline ins').map((element) => element.textContent)).toEqual([
      '[removed: 30]',
      '[added: 60]',
    ]);
  });

  it('works without JavaScript and keeps one h1 and unskipped heading levels', async () => {
    for (const url of REDLINES) {
      const root = await page(url);
      expect(root.querySelectorAll('script'), url).toHaveLength(0);
      expect(root.querySelectorAll('h1'), url).toHaveLength(1);
      expect(root.querySelectorAll('[data-pagefind-body]'), url).toHaveLength(0);
    }
  });
});

describe('feeds', () => {
  const FEEDS = [
    { path: '', entries: VISIBLE },
    { path: 'acme/', entries: VISIBLE.filter((key) => key.startsWith('acme/')) },
    { path: 'acme/terms/', entries: VISIBLE.filter((key) => key.startsWith('acme/terms@')) },
    { path: 'globex/cookies/', entries: ['globex/cookies@1.0'] },
  ];
  const entryUrl = (key: string) => {
    const [scope, version] = key.split('@') as [string, string];
    return `${SITE}/${scope}/v/${version}/`;
  };

  it('publishes valid Atom feeds with one entry per visible version, carrying its hash', async () => {
    for (const feed of FEEDS) {
      const url = `/${feed.path}feed.xml`;
      const parsed = parseAtomFeed(await read(url));
      expect(parsed.id, url).toBe(`${SITE}${url}`);
      expect(parsed.title?.value, url).toBeTruthy();
      expect(parsed.updated, url).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const entries = parsed.entries ?? [];
      expect(entries.map((entry) => entry.id).sort(), url).toEqual(feed.entries.map(entryUrl).sort());
      for (const entry of entries) {
        expect(entry.title?.value, url).toBeTruthy();
        expect(entry.updated, url).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(entry.links?.[0]?.href, url).toBe(entry.id);
        const [, scope, version] = /^https:\/\/[^/]+\/(.+)\/v\/([^/]+)\/$/.exec(entry.id ?? '') ?? [];
        const expected = source(scope?.split('/')[1] ?? '', version ?? '');
        expect(entry.content?.value, url).toContain(expected.sha256);
      }
    }
  });

  it('publishes valid JSON Feeds with the same entries', async () => {
    for (const feed of FEEDS) {
      const url = `/${feed.path}feed.json`;
      const parsed = parseJsonFeed(JSON.parse(await read(url)));
      expect(parsed.title, url).toBeTruthy();
      expect(parsed.feed_url, url).toBe(`${SITE}${url}`);
      expect((parsed.items ?? []).map((item) => item.id).sort(), url).toEqual(feed.entries.map(entryUrl).sort());
      for (const item of parsed.items ?? []) {
        expect(item.url, url).toBe(item.id);
        expect(item.date_published, url).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(item.content_html, url).toMatch(/SHA-256 of the canonical text: <code>[0-9a-f]{64}<\/code>/);
      }
    }
  });

  it('links the relevant feeds from page heads with rel="alternate"', async () => {
    const alternates = async (url: string) =>
      (await page(url))
        .querySelectorAll('head link[rel="alternate"]')
        .map((link) => `${link.getAttribute('type')} ${link.getAttribute('href')}`);
    expect(await alternates('/')).toEqual(['application/atom+xml /feed.xml', 'application/feed+json /feed.json']);
    expect(await alternates('/acme/')).toEqual(
      expect.arrayContaining([
        'application/atom+xml /acme/feed.xml',
        'application/feed+json /acme/feed.json',
        'application/json /acme/policies.json',
      ]),
    );
    for (const url of ['/acme/terms/', '/acme/terms/v/1.0/', '/acme/terms/changes/1.0...1.1/']) {
      expect(await alternates(url), url).toEqual(
        expect.arrayContaining([
          'application/atom+xml /acme/terms/feed.xml',
          'application/feed+json /acme/terms/feed.json',
          'application/atom+xml /feed.xml',
        ]),
      );
    }
  });
});

describe('search', () => {
  it('loads only Pagefind itself (no UI bundle) and finds words down to their section', async () => {
    const searchPage = await page('/search/');
    const scripts = searchPage.querySelectorAll('script');
    expect(scripts.map((script) => script.getAttribute('src'))).toEqual([expect.stringMatching(/^\/_astro\/[\w.-]+\.js$/)]);
    const script = await read(scripts[0]?.getAttribute('src') ?? '');
    expect(script).toContain('/pagefind/pagefind.js');
    expect(script).not.toContain('pagefind-ui');
    expect(searchPage.querySelectorAll('link[href*="pagefind"]')).toHaveLength(0);

    // Pagefind's own client, run here against the built site over HTTP.
    const server = createServer(createStaticPortal(outDir));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = path.join(outDir, 'pagefind-client.mjs');
      await writeFile(client, await readFile(path.join(outDir, 'pagefind', 'pagefind.js')));
      const pagefind = await import(client);
      await pagefind.options({ basePath: `${base}/pagefind/` });
      const found = await pagefind.search('export');
      const results = await Promise.all(found.results.map((result: { data: () => Promise<unknown> }) => result.data()));
      expect(results).toEqual([
        expect.objectContaining({
          url: `${base}/acme/terms/`,
          sub_results: expect.arrayContaining([expect.objectContaining({ url: `${base}/acme/terms/#data-export`, title: 'Data export' })]),
        }),
      ]);
    } finally {
      server.close();
    }
  });
});

describe('policies.json', () => {
  it('validates against the committed JSON Schema', async () => {
    const schema = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'portal/public/schemas/policies.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    for (const organization of ['acme', 'globex']) {
      const document = JSON.parse(await read(`/${organization}/policies.json`));
      expect(validate(document) ? [] : validate.errors, organization).toEqual([]);
    }
    // The schema is published next to the files that name it.
    expect(JSON.parse(await read('/schemas/policies.schema.json'))).toEqual(schema);
  });

  it('lists each policy with its current and pending versions, dates, hash and URLs', async () => {
    const document = JSON.parse(await read('/acme/policies.json'));
    expect(document.$schema).toBe(`${SITE}/schemas/policies.schema.json`);
    expect(document.asOf).toBe(TODAY);
    const terms = document.policies.find((policy: { slug: string }) => policy.slug === 'terms');
    expect(document.policies.map((policy: { slug: string }) => policy.slug)).toEqual(['privacy', 'terms']);
    expect(terms.current).toEqual({
      version: '1.1',
      title: 'Terms of Service',
      summary: 'Fees section renamed, liability section dropped, data export added',
      material: true,
      effective: '2026-06-01',
      effectiveAt: '2026-06-01T00:00:00.000Z',
      published: '2026-04-15',
      sha256: source('terms', '1.1').sha256,
      url: `${SITE}/acme/terms/v/1.1/`,
      textUrl: `${SITE}/acme/terms/v/1.1/body.md`,
      changesUrl: `${SITE}/acme/terms/changes/1.0...1.1/`,
    });
    expect(terms.pending.map((version: { version: string; sha256: string }) => [version.version, version.sha256])).toEqual([
      ['2.0', source('terms', '2.0').sha256],
    ]);
    const privacy = document.policies.find((policy: { slug: string }) => policy.slug === 'privacy');
    expect(privacy.pending).toEqual([]);
    for (const policy of document.policies) {
      for (const version of [policy.current, ...policy.pending]) {
        for (const url of [version.url, version.textUrl, version.changesUrl].filter(Boolean)) expect(await exists(url), url).toBe(true);
      }
    }
  });
});

describe('the changes page of an organization', () => {
  it('lists every visible version, newest effective date first, the upcoming one marked, with its page and redline', async () => {
    const entries = (await page('/acme/changes/')).querySelectorAll('[data-changes] > li');
    expect(entries.map((entry) => normalise(entry.querySelector('.changes-when')?.textContent ?? ''))).toEqual([
      'Upcoming Takes effect on 15 December 2026',
      'Took effect on 1 June 2026',
      'Took effect on 1 March 2026',
      'Took effect on 1 January 2026',
    ]);
    expect(entries.map((entry) => entry.hasAttribute('data-upcoming'))).toEqual([true, false, false, false]);
    expect(entries.map((entry) => normalise(entry.querySelector('h2')?.textContent ?? ''))).toEqual([
      'Terms of Service, version 2.0',
      'Terms of Service, version 1.1',
      'Privacy Policy, version 1.0',
      'Terms of Service, version 1.0',
    ]);
    const [upcoming] = entries;
    expect(normalise(upcoming?.textContent ?? '')).toContain('Longer notice period for termination');
    expect(normalise(upcoming?.textContent ?? '')).toContain('Published 1 November 2026');
    expect(upcoming?.querySelectorAll('a').map((link) => [link.getAttribute('href'), normalise(link.textContent)])).toEqual([
      ['/acme/terms/v/2.0/', 'Terms of Service, version 2.0'],
      ['/acme/terms/changes/1.1...2.0/', 'What changed from version 1.1'],
    ]);
    expect(normalise(entries[3]?.textContent ?? '')).toContain('First published version');
  });

  it('offers the organization feeds beside the list, saying in words what they are for', async () => {
    const follow = (await page('/acme/changes/')).querySelector('.changes-follow');
    expect(normalise(follow?.textContent ?? '')).toContain('Follow these changes in a feed reader: Atom feed or JSON Feed.');
    expect(follow?.querySelectorAll('a').map((link) => link.getAttribute('href'))).toEqual(['/acme/feed.xml', '/acme/feed.json']);
  });

  it('is linked from the organization page and from the changelog of each policy page', async () => {
    for (const url of ['/acme/', '/acme/terms/', '/acme/terms/v/1.0/', '/acme/privacy/']) {
      expect(
        (await page(url)).querySelectorAll('a').map((link) => link.getAttribute('href')),
        url,
      ).toContain('/acme/changes/');
    }
  });
});

describe('the reviewers page of an organization', () => {
  let database: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    const checked = await checkPolicies(FIXTURE);
    expect(checked.problems).toEqual([]);
    await syncPolicies(database.db, checked, systemClock);
    api = createTestApi(database, `${TODAY}T10:00:00.000Z`);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** <pre> parsed as markup, so its <code> does not end up in the text. */
  const reviewersPage = async (organization: string) =>
    parse(await read(`/${organization}/reviewers/`), { blockTextElements: { script: true, noscript: true, style: true } });

  it('writes the organization’s own slugs and versions into the queries: the newest pair of versions for the diff', async () => {
    const root = await reviewersPage('acme');
    const documents = Object.fromEntries(
      root
        .querySelectorAll('[data-reviewer-query]')
        .map((section) => [section.getAttribute('data-reviewer-query'), section.querySelector('[data-graphql]')?.textContent ?? '']),
    );
    expect(Object.keys(documents)).toEqual(['TrustPack', 'VersionAtDate', 'Diff']);
    expect(documents.TrustPack).toContain('organization(slug: "acme")');
    expect(documents.TrustPack).toContain(`trustPack(at: "${TODAY}T00:00:00Z")`);
    expect(documents.VersionAtDate).toContain('policy(organization: "acme", slug: "privacy")');
    expect(documents.Diff).toContain('policy(organization: "acme", slug: "terms")');
    expect(documents.Diff).toContain('diff(from: "1.1", to: "2.0")');
  });

  it('sends the curl commands and the explorer links to the portal’s public origin, each carrying its query', async () => {
    const root = await reviewersPage('acme');
    for (const section of root.querySelectorAll('[data-reviewer-query]')) {
      const document = section.querySelector('[data-graphql]')?.textContent ?? '';
      const curl = section.querySelector('[data-curl]')?.textContent ?? '';
      expect(curl.startsWith(`curl -s '${SITE}/graphql' \\\n`), curl).toBe(true);
      const body = /-d '(.+)'$/s.exec(curl)?.[1] ?? '';
      expect(JSON.parse(body).query).toBe(document.replace(/\s+/g, ' ').trim());
      const link = new URL(section.querySelector('[data-explorer-link]')?.getAttribute('href') ?? '');
      expect(`${link.origin}${link.pathname}`).toBe(`${SITE}/graphql`);
      expect(link.searchParams.get('query')).toBe(document);
    }
    expect(normalise(root.querySelector('main')?.textContent ?? '')).toContain(`The GraphQL API answers at ${SITE}/graphql.`);
  });

  it('offers the trust pack as a download, and the organization page links the reviewers page', async () => {
    const root = await reviewersPage('acme');
    const download = root.querySelector('a[href="/acme/trust-pack.json"]');
    expect(download?.hasAttribute('download')).toBe(true);
    expect((await page('/acme/')).querySelectorAll('a').map((link) => link.getAttribute('href'))).toContain('/acme/reviewers/');
  });

  it('shows only queries the API answers without errors, for an organization with many versions or with one', async () => {
    for (const organization of ['acme', 'globex']) {
      const documents = (await reviewersPage(organization)).querySelectorAll('[data-graphql]').map((block) => block.textContent);
      expect(documents, organization).toHaveLength(3);
      for (const document of documents) {
        const answer = await api.query(document);
        expect(answer.errors, document).toBeUndefined();
        expect(
          Object.values(answer.data ?? {}).every((value) => value !== null),
          document,
        ).toBe(true);
      }
    }
    const diff = await api.query<{ policy: { diff: { totals: { sectionsModified: number } } } }>(
      (await reviewersPage('acme')).querySelector('[data-reviewer-query="Diff"] [data-graphql]')?.textContent ?? '',
    );
    expect(diff.data?.policy.diff.totals.sectionsModified).toBeGreaterThan(0);
  });
});

describe('reading a policy', () => {
  const policyPages = ['/acme/terms/', '/acme/terms/v/1.0/', '/acme/terms/v/2.0/', '/acme/privacy/', '/globex/cookies/'];
  /** Pages built from the public layout (the dashboard has its own). */
  const publicPages = async () => (await htmlPages()).filter((url) => !url.startsWith('/dashboard/'));

  it('states version, effective date, History and Verify in one line under the title, with no hash between title and text', async () => {
    const root = await page('/acme/terms/');
    const line = root.querySelector('h1 + .policy-facts-line');
    expect(line?.querySelectorAll('.policy-facts > div').map((fact) => normalise(fact.textContent))).toEqual([
      'Version 1.1',
      'Effective 1 June 2026',
    ]);
    expect(line?.querySelectorAll('a').map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['History', '#portal.changelog'],
      ['Verify', '#portal.verify'],
    ]);
    expect(root.querySelector('[id="portal.changelog"]')?.closest('section')?.classList.contains('changelog')).toBe(true);
    // On screen the hash lives in the verify card; only the print-only facts repeat it in the header.
    const headerHashes = root.querySelectorAll('.policy-header .sha256').filter((hash) => !hash.closest('.print-facts'));
    expect(headerHashes).toEqual([]);
    const card = root.querySelector('details.verify-card[id="portal.verify"]');
    expect(card?.querySelector('summary')?.textContent).toBe('Verify this text');
    expect(card?.querySelector('code.sha256')?.textContent).toBe(source('terms', '1.1').sha256);
    expect(card?.querySelector('.verify code')?.textContent).toBe(`curl -s ${SITE}/acme/terms/v/1.1/body.md | sha256sum`);
  });

  it('keeps one changelog, newest first, marking the version not yet in effect as Upcoming with its date', async () => {
    for (const url of ['/acme/terms/', '/acme/terms/v/1.0/', '/acme/terms/v/2.0/']) {
      const main = (await page(url)).querySelector('main');
      expect(main?.querySelectorAll('section.changelog'), url).toHaveLength(1);
      const entries = main?.querySelectorAll('section.changelog li.changelog-entry') ?? [];
      expect(
        entries.map((entry) => [
          normalise(entry.querySelector('.changelog-version')?.textContent ?? ''),
          normalise(entry.querySelector('.status-badge')?.textContent ?? ''),
          entry.querySelector('.changelog-date time')?.getAttribute('datetime'),
        ]),
        url,
      ).toEqual([
        ['Version 2.0', 'Upcoming', '2026-12-15'],
        ['Version 1.1', 'Current', '2026-06-01'],
        ['Version 1.0', 'Superseded', '2026-01-01'],
      ]);
      expect(normalise(entries[0]?.querySelector('.changelog-date')?.textContent ?? ''), url).toBe(
        'Takes effect on 15 December 2026 · a material change',
      );
      expect(
        entries.map((entry) => entry.querySelector('a.changelog-version')?.getAttribute('href')),
        url,
      ).toEqual(['/acme/terms/v/2.0/', '/acme/terms/v/1.1/', '/acme/terms/v/1.0/']);
    }
  });

  it('gives every section heading a named link to itself beside it, leaving the heading text as written', async () => {
    for (const url of policyPages) {
      const headings = (await page(url)).querySelectorAll('.policy-body h2, .policy-body h3, .policy-body h4');
      expect(headings.length, url).toBeGreaterThan(0);
      for (const heading of headings) {
        const anchor = heading.parentNode?.querySelector('a.heading-anchor');
        expect(heading.parentNode?.classList.contains('heading-anchored'), `${url} ${heading.id}`).toBe(true);
        expect(anchor?.getAttribute('href'), `${url} ${heading.id}`).toBe(`#${heading.id}`);
        expect(anchor?.getAttribute('aria-label'), `${url} ${heading.id}`).toBe(`Link to the section “${normalise(heading.textContent)}”`);
        expect(heading.querySelector('a'), `${url} ${heading.id}`).toBeNull();
      }
    }
    expect((await page('/acme/terms/v/1.1/')).querySelector('h2#payment')?.textContent).toBe('Fees and payment');
  });

  it('puts the contents in a closed disclosure before the text, so a phone shows the text first, and ends with "Back to top"', async () => {
    for (const url of policyPages) {
      const root = await page(url);
      const article = root.querySelector('article.policy');
      const disclosure = article?.querySelector('details.toc-disclosure');
      expect(disclosure?.querySelector('summary')?.textContent, url).toBe('Contents');
      expect(disclosure?.hasAttribute('open'), url).toBe(false);
      expect(disclosure?.querySelector('nav[aria-label="Contents"]'), url).not.toBeNull();
      const order = article
        ?.querySelectorAll('.policy-header, details.toc-disclosure, .policy-body, .back-to-top')
        .map((part) => part.classNames);
      expect(order, url).toEqual(['policy-header', 'toc-disclosure', 'policy-body', 'back-to-top']);
      expect(article?.querySelector('.back-to-top a')?.getAttribute('href'), url).toBe('#main');
    }
  });

  it('gives paper the organization, version, effective date, absolute permanent address and hash', async () => {
    for (const [url, organization, version, effective] of [
      ['/acme/terms/', 'Acme Cloud', '1.1', '1 June 2026'],
      ['/acme/terms/v/2.0/', 'Acme Cloud', '2.0', '15 December 2026'],
    ] as const) {
      const facts = (await page(url)).querySelectorAll('.policy-header dl.print-facts > div');
      expect(
        facts.map((fact) => [
          normalise(fact.querySelector('dt')?.textContent ?? ''),
          normalise(fact.querySelector('dd')?.textContent ?? ''),
        ]),
        url,
      ).toEqual([
        ['Organization', organization],
        ['Version', version],
        ['Effective date', effective],
        ['Permanent address', `${SITE}/acme/terms/v/${version}/`],
        ['SHA-256', source('terms', version).sha256],
      ]);
    }
  });

  it('puts a search box that submits to the search page (GET ?q=) in the header of every public page but the search page', async () => {
    const pages = await publicPages();
    expect(pages).toEqual(expect.arrayContaining(['/', '/acme/', '/acme/terms/', '/acme/terms/v/1.0/', REDLINES[0], '/404.html']));
    for (const url of pages) {
      const root = await page(url);
      const form = root.querySelector('body > header form[role="search"]');
      if (url === '/search/') {
        expect(form, url).toBeNull();
        continue;
      }
      expect(form?.getAttribute('action'), url).toBe('/search/');
      expect(form?.getAttribute('method'), url).toBe('get');
      const input = form?.querySelector('input[name="q"]');
      expect(input?.getAttribute('type'), url).toBe('search');
      expect(normalise(form?.querySelector(`label[for="${input?.id}"]`)?.textContent ?? ''), url).toBe('Search policies');
      expect(form?.querySelector('button[type="submit"]')?.textContent, url).toBe('Search');
    }
  });

  it("links the favicon and follows the reader's colour scheme on every public page", async () => {
    for (const url of await publicPages()) {
      const root = await page(url);
      expect(root.querySelector('head link[rel="icon"]')?.getAttribute('href'), url).toBe('/favicon.svg');
      expect(root.querySelector('html')?.getAttribute('data-color-schemes'), url).toBe('light dark');
    }
    expect(await exists('/favicon.svg')).toBe(true);
    expect(await exists('/favicon.ico')).toBe(true);
  });

  it('offers the request form of every organization on the search page, shown by the script when a search asks for deletion', async () => {
    const suggestion = (await page('/search/')).querySelector('[data-request-forms]');
    expect(suggestion?.hasAttribute('hidden')).toBe(true);
    expect(normalise(suggestion?.querySelector('h2')?.textContent ?? '')).toBe('Did you mean the privacy request form?');
    expect(suggestion?.querySelectorAll('a').map((link) => [normalise(link.textContent), link.getAttribute('href')])).toEqual([
      ['Ask Acme Cloud for a copy of your data, to correct it or to delete it', '/acme/privacy-request/'],
      ['Ask Globex for a copy of your data, to correct it or to delete it', '/globex/privacy-request/'],
    ]);
  });
});
