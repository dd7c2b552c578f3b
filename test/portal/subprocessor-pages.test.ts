// The subprocessor pages, feeds and policies.json as built from the shipped
// policies (the seed portal) and from the redline fixture, whose LeenOps list
// has a change announced and not yet in effect on the tests' day
// (test/fixtures/policies-redline/leenops/subprocessors/). Checked against the
// register files themselves: the same entries, the same hashes as the lock,
// and no company the sources do not name.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXPLORER_TAB_QUERIES } from '@governance/api/http/explorer/explorer-tabs';
import { readLock } from '@governance/policies/lock';
import { type RegisterVersionSource, readRegisterFiles } from '@governance/policies/subprocessors/register-files';
import { entryKey } from '@governance/policies/subprocessors/schema';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { type DocumentNode, parse as parseGraphql, type SelectionSetNode } from 'graphql';
import { type HTMLElement, parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRegister } from '../../portal/src/lib/subprocessor-register.ts';
import { POLICIES_DIR, REPOSITORY_ROOT } from '../helpers/policy-files.ts';
import { BUILD_TIMEOUT } from '../helpers/portal-build.ts';
import { REDLINE_FIXTURE, redlinePortal } from '../helpers/redline-portal.ts';
import { seedPortal } from '../helpers/seed-portal.ts';

let seed: string;
let redline: string;
let shipped: RegisterVersionSource[];
let fixture: RegisterVersionSource[];

beforeAll(async () => {
  seed = await seedPortal();
  redline = await redlinePortal();
  shipped = (await readRegisterFiles(POLICIES_DIR, ['leandna', 'leenops', 'openleash'])).versions;
  fixture = (await readRegisterFiles(REDLINE_FIXTURE, ['leenops'])).versions;
}, BUILD_TIMEOUT * 2);

const fileOf = (dist: string, url: string) => {
  const segments = url.split('/').filter(Boolean);
  return url.endsWith('/') ? path.join(dist, ...segments, 'index.html') : path.join(dist, ...segments);
};
const read = (dist: string, url: string) => readFile(fileOf(dist, url), 'utf8');
const page = async (dist: string, url: string): Promise<HTMLElement> => parse(await read(dist, url));
const normalise = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const main = async (dist: string, url: string) => {
  const found = (await page(dist, url)).querySelector('main');
  if (!found) throw new Error(`${url} has no main`);
  return found;
};
/** The third parties a part of a page names, by heading. */
const namesIn = (root: HTMLElement | null | undefined) =>
  (root?.querySelectorAll('.subprocessor-entry') ?? []).map((entry) => normalise(entry.querySelector('h3')?.textContent));
/** A fact's value as read; the items of a list of values joined by commas. */
const factOf = (entry: HTMLElement | null | undefined, label: string) => {
  const value = entry?.querySelector(`[data-fact="${label}"] dd`);
  const items = value?.querySelectorAll('li') ?? [];
  return items.length > 0 ? items.map((item) => normalise(item.textContent)).join(', ') : normalise(value?.textContent);
};

describe('the subprocessor list in force', () => {
  it('lists AWS as LeanDNA’s service provider and AWS Bedrock apart as an AI provider whose model developer receives no data', async () => {
    const root = await main(seed, '/leandna/subprocessors/');
    expect(normalise(root.querySelector('h1')?.textContent)).toBe('Subprocessors');
    expect(namesIn(root.querySelector('[data-subprocessor-group="providers"]'))).toEqual(['Amazon Web Services']);
    expect(namesIn(root.querySelector('[data-subprocessor-group="ai"]'))).toEqual(['AWS Bedrock']);
    expect(root.querySelector('[data-subprocessor-group="customer-chosen"]')).toBeNull();
    const bedrock = root.querySelector('[data-subprocessor="AWS Bedrock"]');
    expect(factOf(bedrock, 'Receives customer content')).toBe('Yes');
    expect(factOf(bedrock, 'The model’s developer receives data')).toBe('No');
    expect(factOf(bedrock, 'Trains models on customer data')).toBe('Never');
    expect(factOf(bedrock, 'Services or models')).toBe('Third-party LLMs through AWS Bedrock');
    // The source states no website or location: shown as such, never guessed.
    expect(factOf(root.querySelector('[data-subprocessor="Amazon Web Services"]'), 'Where they process it')).toBe('Not stated');
    expect(normalise(root.querySelector('[data-list-in-force]')?.textContent)).toBe(
      'Version 1.0 of the list, in force since 22 November 2026.',
    );
  });

  it('states the notice period in words', async () => {
    const root = await main(seed, '/leandna/subprocessors/');
    expect(normalise(root.querySelector('[data-notice-period]')?.textContent)).toBe(
      'LeanDNA announces a new or changed subprocessor at least 30 days before it takes effect, so customers have time to review it and object. A subprocessor may be removed at once.',
    );
  });

  it('lists LeenOps’ bring-your-own-key providers apart, as the customer’s choice rather than its subprocessors', async () => {
    const root = await main(seed, '/leenops/subprocessors/');
    expect(namesIn(root.querySelector('[data-subprocessor-group="ai"]'))).toEqual(['AI model providers']);
    const chosen = root.querySelector('[data-subprocessor-group="customer-chosen"]');
    expect(normalise(chosen?.querySelector('h2')?.textContent)).toBe('You choose these');
    expect(normalise(chosen?.querySelector('.subprocessor-group-intro')?.textContent)).toContain('so it is not LeenOps’s subprocessor');
    expect(namesIn(chosen)).toEqual(['AI model providers you connect with your own API key']);
  });

  it('says plainly that OpenLeash’s source names kinds of providers, not companies', async () => {
    const root = await main(seed, '/openleash/subprocessors/');
    expect(normalise(root.querySelector('[data-categories-only]')?.textContent)).toBe(
      'OpenLeash’s policies name the kinds of providers it uses, not the companies. This list therefore shows those kinds, and names no company.',
    );
    expect(namesIn(root)).toEqual([
      'Infrastructure providers',
      'Identity providers',
      'Email providers',
      'Monitoring providers',
      'Support providers',
    ]);
    expect(root.querySelectorAll('.subprocessor-kind')).toHaveLength(5);
    expect((await main(seed, '/leandna/subprocessors/')).querySelector('[data-categories-only]')).toBeNull();
  });

  it('names no third party the register files do not, on any page, feed or policies.json of the seed', async () => {
    const named = new Set(shipped.flatMap((version) => version.data.entries.map((entry) => entry.name ?? entry.category)));
    // The only companies the sources name (issue #17: "never invent a vendor").
    expect(shipped.flatMap((version) => version.data.entries.flatMap((entry) => entry.name ?? [])).sort()).toEqual([
      'AWS Bedrock',
      'Amazon Web Services',
    ]);
    for (const organization of ['leandna', 'leenops', 'openleash']) {
      for (const url of [`/${organization}/subprocessors/`, `/${organization}/subprocessors/1.0/`]) {
        for (const name of namesIn(await main(seed, url))) expect(named, `${url}: ${name}`).toContain(name);
      }
      const json = JSON.parse(await read(seed, `/${organization}/policies.json`));
      for (const entry of json.subprocessors.entries) expect(named).toContain(entry.name ?? entry.category);
    }
  });
});

describe('a change announced and not yet in effect', () => {
  it('shows the list still in force, and the change with its dates and a redline of what is added, removed and changed', async () => {
    const root = await main(redline, '/leenops/subprocessors/');
    expect(normalise(root.querySelector('[data-list-in-force]')?.textContent)).toBe(
      'Version 1.0 of the list, in force since 13 June 2026.',
    );
    // In force: 1.0 (with the support desk); the search provider only in the announced change.
    expect(namesIn(root.querySelector('[data-subprocessor-group="providers"]'))).toEqual(['Example Support Desk']);
    const pending = root.querySelector('[data-pending="1.1"]');
    expect(normalise(pending?.querySelector('.subprocessors-pending-dates')?.textContent)).toBe(
      'Announced on 15 November 2026. Takes effect on 20 December 2026.',
    );
    const changes = pending?.querySelectorAll('.register-change') ?? [];
    expect(changes.map((change) => `${change.getAttribute('data-change')} ${change.getAttribute('data-subprocessor')}`)).toEqual([
      'added Example Search',
      'modified AI model providers',
      'removed Example Support Desk',
    ]);
    expect(normalise(pending?.querySelector('[data-change="added"] h3 ins')?.textContent)).toBe('[added: Example Search]');
    expect(pending?.querySelector('[data-object-link] a')?.getAttribute('href')).toBe('/leenops/subprocessors/object/?version=1.1');
    expect(factOf(pending?.querySelector('[data-change="added"]'), 'Where they process it')).toBe('Germany, Ireland');
    expect(normalise(pending?.querySelector('[data-change="removed"] h3 del')?.textContent)).toBe('[removed: Example Support Desk]');
    const modified = pending?.querySelector('[data-change="modified"]');
    expect(modified?.querySelectorAll('[data-fact]').map((fact) => fact.getAttribute('data-fact'))).toEqual([
      'Trains models on customer data',
      'How long they keep it',
    ]);
    expect(normalise(modified?.querySelector('[data-fact="How long they keep it"] del')?.textContent)).toBe('[removed: Not stated]');
    expect(normalise(modified?.querySelector('[data-fact="How long they keep it"] ins')?.textContent)).toBe(
      '[added: 30 days, then deleted]',
    );
  });

  it('takes effect on the portal’s day and not a day before', () => {
    const leenops = fixture.filter((version) => version.organization === 'leenops');
    expect(describeRegister(leenops, 30, '2026-12-19').current?.version).toBe('1.0');
    expect(describeRegister(leenops, 30, '2026-12-19').pending.map((version) => version.version)).toEqual(['1.1']);
    expect(describeRegister(leenops, 30, '2026-12-20').current?.version).toBe('1.1');
    expect(describeRegister(leenops, 30, '2026-12-20').pending).toEqual([]);
    // Hidden until the day it is announced.
    expect(describeRegister(leenops, 30, '2026-11-14').versions.map((version) => version.version)).toEqual(['1.0']);
  });
});

describe('the permanent page of a list version', () => {
  it('shows its dates and the SHA-256 of the lock, and serves the canonical JSON that hashes to it', async () => {
    const lock = await readLock(REDLINE_FIXTURE);
    if (!lock.ok) throw new Error(lock.problem.message);
    const root = await main(redline, '/leenops/subprocessors/1.1/');
    expect(normalise(root.querySelector('h1')?.textContent)).toBe('Subprocessors, version 1.1');
    expect(normalise(root.querySelector('[data-announced]')?.textContent)).toBe('15 November 2026');
    expect(normalise(root.querySelector('[data-effective]')?.textContent)).toBe('20 December 2026');
    expect(root.querySelector('[data-status="pending"]')).not.toBeNull();
    const sha256 = normalise(root.querySelector('code.sha256')?.textContent);
    expect(sha256).toBe(lock.lock.versions['leenops/subprocessors@1.1']);
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(await read(redline, '/leenops/subprocessors/1.1/list.json'))
        .digest('hex'),
    ).toBe(sha256);
    expect(root.querySelectorAll('.register-change')).toHaveLength(3);

    const first = await main(redline, '/leenops/subprocessors/1.0/');
    expect(normalise(first.querySelector('[data-status]')?.textContent)).toBe('In force');
    expect(first.querySelector('[data-first-version]')).not.toBeNull();
  });
});

describe('feeds of the list', () => {
  const SEED_SITE = 'http://localhost:4000';
  it('carry each announced version, with its hash, in the list’s own feeds and in the organization’s and the site’s', async () => {
    const lock = await readLock(REDLINE_FIXTURE);
    if (!lock.ok) throw new Error(lock.problem.message);
    const atom = parseAtomFeed(await read(redline, '/leenops/subprocessors/feed.xml'));
    const ids = (atom.entries ?? []).map((entry) => new URL(entry.id ?? '').pathname);
    expect(ids).toEqual(['/leenops/subprocessors/1.1/', '/leenops/subprocessors/1.0/']);
    expect(atom.entries?.[0]?.content?.value).toContain(lock.lock.versions['leenops/subprocessors@1.1']);
    expect(atom.entries?.[0]?.content?.value).toContain('Adds Example Search');
    const json = parseJsonFeed(JSON.parse(await read(redline, '/leenops/subprocessors/feed.json')));
    expect((json.items ?? []).map((item) => new URL(item.id ?? '').pathname)).toEqual(ids);
    for (const feed of ['/leenops/feed.xml', '/feed.xml']) {
      const entries = (parseAtomFeed(await read(redline, feed)).entries ?? []).map((entry) => new URL(entry.id ?? '').pathname);
      expect(entries, feed).toEqual(expect.arrayContaining([...ids, '/leenops/terms-of-service/v/1.1/']));
    }
    const seedFeed = parseJsonFeed(JSON.parse(await read(seed, '/leandna/feed.json')));
    expect((seedFeed.items ?? []).map((item) => item.id)).toContain(`${SEED_SITE}/leandna/subprocessors/1.0/`);
  });
});

describe('policies.json', () => {
  it('carries the register: every announced version with dates and hash, and the entries of the list in force', async () => {
    const schema = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'portal/public/schemas/policies.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const lock = await readLock(REDLINE_FIXTURE);
    if (!lock.ok) throw new Error(lock.problem.message);
    const document = JSON.parse(await read(redline, '/leenops/policies.json'));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const { subprocessors } = document;
    expect(subprocessors.current).toBe('1.0');
    expect(subprocessors.noticeDays).toBe(30);
    expect(
      subprocessors.versions.map((version: { version: string; announced: string; effective: string; status: string; sha256: string }) => [
        version.version,
        version.announced,
        version.effective,
        version.status,
        version.sha256,
      ]),
    ).toEqual([
      ['1.0', '2026-06-13', '2026-06-13', 'current', lock.lock.versions['leenops/subprocessors@1.0']],
      ['1.1', '2026-11-15', '2026-12-20', 'pending', lock.lock.versions['leenops/subprocessors@1.1']],
    ]);
    const inForce = fixture.find((version) => version.data.version === '1.0');
    expect(subprocessors.entries).toEqual(JSON.parse(JSON.stringify(inForce?.data.entries)));
    for (const organization of ['leandna', 'leenops', 'openleash']) {
      const seedDocument = JSON.parse(await read(seed, `/${organization}/policies.json`));
      expect(validate(seedDocument), `${organization}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const shippedList = shipped.find((version) => version.organization === organization);
      expect(seedDocument.subprocessors.entries.map(entryKey)).toEqual(shippedList?.data.entries.map(entryKey));
      expect(seedDocument.subprocessors.versions[0].sha256).toBe(shippedList?.sha256);
    }
  });
});

describe('links to the list', () => {
  it('are on the organization page, the reviewers page and the changes page, which lists the list’s versions too', async () => {
    for (const url of ['/leenops/', '/leenops/reviewers/', '/leenops/changes/']) {
      const hrefs = (await main(redline, url)).querySelectorAll('a').map((link) => link.getAttribute('href'));
      expect(hrefs, url).toContain('/leenops/subprocessors/');
    }
    const entries = (await main(redline, '/leenops/changes/')).querySelectorAll('[data-change-kind="subprocessors"]');
    expect(entries.map((entry) => normalise(entry.querySelector('.changes-title')?.textContent))).toEqual([
      'Subprocessors, version 1.1',
      'Subprocessors, version 1.0',
    ]);
    expect(entries[0]?.hasAttribute('data-upcoming')).toBe(true);
    expect(entries[0]?.querySelector('.changes-title a')?.getAttribute('href')).toBe('/leenops/subprocessors/1.1/');
  });
});

describe('the reviewers’ example queries', () => {
  /** Every field a document selects, as paths (`organization.trustPack.at`); argument values aside, which each place fills in. */
  const fieldPaths = (document: DocumentNode): string[] => {
    const paths: string[] = [];
    const walk = (selections: SelectionSetNode | undefined, prefix: string) => {
      for (const selection of selections?.selections ?? []) {
        if (selection.kind !== 'Field') continue;
        const here = `${prefix}${selection.name.value}`;
        paths.push(here);
        walk(selection.selectionSet, `${here}.`);
      }
    };
    for (const definition of document.definitions) if (definition.kind === 'OperationDefinition') walk(definition.selectionSet, '');
    return paths.sort();
  };

  it('ask the same questions as the API explorer’s ready-made tabs', async () => {
    const reviewers = await main(seed, '/leenops/reviewers/');
    const onPage = new Map(
      reviewers
        .querySelectorAll('[data-reviewer-query]')
        // The parser keeps a <pre>'s content as text, its <code> tags included.
        .map((section) => [
          section.getAttribute('data-reviewer-query'),
          (section.querySelector('[data-graphql]')?.textContent ?? '').replace(/<\/?code>/g, ''),
        ]),
    );
    const tabs = new Map(
      EXPLORER_TAB_QUERIES.map((query) => {
        const document = parseGraphql(query);
        const operation = document.definitions[0];
        return [operation?.kind === 'OperationDefinition' ? operation.name?.value : undefined, document];
      }),
    );
    expect([...onPage.keys()]).toEqual([...tabs.keys()]);
    for (const [name, document] of tabs) {
      expect(fieldPaths(parseGraphql(onPage.get(name) ?? '')), name).toEqual(fieldPaths(document));
    }
  });
});
