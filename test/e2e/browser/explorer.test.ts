// The API explorer (GraphiQL at /graphql) in a real browser, served as
// production serves it when the explorer is on: the site's
// Content-Security-Policy, trusted documents enforced for cookie sessions,
// field suggestions hidden. It must load from this server alone (the
// machine has no network, as a locked-down one would not), open with the
// reviewers' tabs, and run a query.
import { SESSION_COOKIE } from '@governance/api/auth/request-auth';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { syncShippedPolicies } from '../../helpers/shipped-policies.ts';

let opened: BrowserSite;
let base: string;
let context: BrowserContext;
let page: Page;
/** Every request the page or its workers made to another origin (none may leave this server). */
const elsewhere: string[] = [];

beforeAll(async () => {
  // The explorer alone: no portal behind it.
  opened = await openBrowserSite({
    server: { graphiql: true, fieldSuggestions: false, portal: (_request, response) => response.writeHead(404).end() },
    prepare: syncShippedPolicies,
  });
  base = opened.base;
  ({ context, page } = await opened.newPage({ clipboard: true }));
  // A staff member signed in to the dashboard: with trusted documents enforced,
  // any query the explorer sent with this cookie would be refused, so the
  // explorer must send none.
  await context.addCookies([{ name: SESSION_COOKIE, value: 'a-session-of-the-dashboard', url: base }]);
  const recordElsewhere = (url: string) => {
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== base) elsewhere.push(url);
  };
  page.on('request', (request) => recordElsewhere(request.url()));
  page.on('worker', (worker) => recordElsewhere(worker.url()));
  await context.route('**/*', (route) => {
    recordElsewhere(route.request().url());
    return new URL(route.request().url()).origin === base ? route.continue() : route.abort();
  });
});

afterAll(async () => {
  await context?.close();
  await opened?.close();
});

describe('the API explorer at /graphql', () => {
  it('loads, opens on the trust pack, runs it (sending no session cookie) and shows the answer in the result pane', async () => {
    await page.goto(`${base}/graphql`);
    const run = page.getByRole('button', { name: /Execute query/ });
    await run.waitFor({ timeout: 20_000 });
    await expect(page.getByRole('tab').allInnerTexts()).resolves.toEqual(expect.arrayContaining(['TrustPack', 'VersionAtDate', 'Diff']));
    const answered = page.waitForResponse(
      (response) =>
        response.url() === `${base}/graphql` &&
        response.request().method() === 'POST' &&
        /TrustPack/.test(response.request().postData() ?? ''),
    );
    await run.click();
    const response = await answered;
    expect(await response.request().headerValue('cookie')).toBeNull();
    const answer = await response.json();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.organization.trustPack.policies.map((entry: { policy: { slug: string } }) => entry.policy.slug)).toEqual([
      'ai-use-and-data-policy',
      'terms-of-service',
    ]);
    const resultPane = page.locator('.graphiql-response');
    await expect.poll(async () => ((await resultPane.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('"name": "LeenOps"');
    await screenshots(page, 'api-explorer');
  }, 60_000);

  it('runs another ready tab, the diff, with Ctrl-Enter', async () => {
    await page.getByRole('tab', { name: 'Diff' }).click();
    const editor = page.locator('.graphiql-query-editor');
    await expect.poll(async () => ((await editor.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('query Diff');
    const answered = page.waitForResponse(
      (response) => response.url() === `${base}/graphql` && /query Diff/.test(response.request().postData() ?? ''),
    );
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+Enter');
    const answer = await (await answered).json();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.policy.diff.totals.sectionsUnchanged).toBeGreaterThan(0);
    await expect
      .poll(async () => ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, ' '))
      .toContain('"sectionsUnchanged":');
  }, 30_000);

  // These two judge everything the page did in the tests above.
  it('loads everything from this server: no request leaves the origin', () => {
    expect(elsewhere).toEqual([]);
  });

  it('breaks no rule of the Content-Security-Policy', () => {
    expect(opened.cspViolations).toEqual([]);
  });
});
