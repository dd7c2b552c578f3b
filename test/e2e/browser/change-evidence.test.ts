// The dashboard's Change notices screen in a real browser: a privacy officer
// sees the organization's announced changes (a material policy version and a
// subprocessor list version) with how many subscribers were notified and how
// delivery went, exports the signed record of the policy change, and the
// downloaded file verifies offline with `evidence:verify`. Axe at both
// widths and schemes, and screenshots.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixedClock } from '@governance/api/shared/clock';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../../helpers/api.ts';
import { axeViolationsAtEveryWidthAndScheme, screenshots } from '../../helpers/browser.ts';
import { type BrowserSite, openBrowserSite } from '../../helpers/browser-site.ts';
import { runCli } from '../../helpers/cli.ts';
import { BUILD_TIMEOUT } from '../../helpers/portal-build.ts';
import { createStaff } from '../../helpers/staff.ts';
import { acmeSeed, announceChanges, subscriber, sync } from '../../subscriptions/fixtures.ts';

let opened: BrowserSite;
let publicKeyPem: string;

/** Generous: axe at two widths in two schemes and screenshots on a busy machine. */
const SLOW = 150_000;

beforeAll(async () => {
  opened = await openBrowserSite({
    clock: fixedClock('2026-12-10T12:00:00Z'),
    // The announced changes are synced before the site starts, as a deployment's sync runs before its server.
    prepare: async (database) => {
      const root = await acmeSeed();
      await sync(database.db, root);
      const subscribers = createTestApi(database, '2026-11-20T10:00:00Z');
      await subscriber(subscribers, database.owner, 'delivered@example.com', ['POLICIES', 'SUBPROCESSORS']);
      await subscriber(subscribers, database.owner, 'failed@example.com', ['POLICIES']);
      await announceChanges(root);
      await sync(database.db, root);
      await database.owner
        .updateTable('mail_outbox')
        .set({ delivered_at: new Date('2026-12-01T09:05:00Z') })
        .where('recipient', '=', 'delivered@example.com')
        .execute();
      await database.owner
        .updateTable('mail_outbox')
        .set({ failed_at: new Date('2026-12-02T09:00:00Z') })
        .where('recipient', '=', 'failed@example.com')
        .where('kind', '=', 'CHANGE_NOTICE')
        .execute();
    },
  });
  await createStaff(opened.database, 'officer@acme.test', { organization: 'acme', role: 'PRIVACY_OFFICER' });
  publicKeyPem = opened.services.signingKey.publicKeyPem;
}, BUILD_TIMEOUT);

afterAll(() => opened?.close());

describe('the change notices screen', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await opened.newPage({ as: 'officer@acme.test' }));
    await page.goto(`${opened.base}/dashboard/changes/?org=acme`);
  });
  afterAll(() => context.close());

  it(
    'lists each announced change with its notice counts, and exports a signed record that verifies offline',
    async () => {
      const terms = page.getByRole('row', { name: /Terms of Service 1\.1/ });
      await terms.waitFor();
      expect(await page.getByRole('link', { name: 'Change notices' }).getAttribute('aria-current')).toBe('page');
      // Notified, delivered, failed: both subscribers follow policies; only one follows the subprocessor list.
      expect(await terms.getByRole('cell').allTextContents()).toEqual([
        '1 December 2026',
        '15 January 2027',
        '2',
        '1',
        '1',
        'Export signed record',
      ]);
      const list = page.getByRole('row', { name: /Subprocessor list 1\.1/ });
      expect(await list.getByRole('cell').allTextContents()).toEqual([
        '1 December 2026',
        '1 January 2027',
        '1',
        '1',
        '0',
        'Export signed record',
      ]);
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'dashboard-change-notices', { loadedFromAddress: true });

      const downloading = page.waitForEvent('download');
      await terms.getByRole('button', { name: 'Export signed record of Terms of Service 1.1' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('acme-terms-1.1-evidence.json');
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Downloaded' }).textContent())
        .toBe('Downloaded the signed record of Terms of Service 1.1 as acme-terms-1.1-evidence.json.');
      expect(await axeViolationsAtEveryWidthAndScheme(page)).toEqual([]);
      await screenshots(page, 'dashboard-change-notices-exported');

      const folder = await mkdtemp(path.join(tmpdir(), 'change-evidence-'));
      const file = path.join(folder, download.suggestedFilename());
      await download.saveAs(file);
      await writeFile(path.join(folder, 'key.pem'), publicKeyPem);
      const verified = await runCli('cli', ['evidence:verify', file, '--keys', path.join(folder, 'key.pem')]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain('OK: evidence of policy terms 1.1 (Terms of Service) is signed by Acme');
      expect(verified.stdout).toContain('notified: 2 (delivered 1, failed 1)');
      expect(JSON.parse(await readFile(file, 'utf8')).evidence.change.kind).toBe('policy-version');

      const events = await opened.database.db
        .selectFrom('audit_event_pending')
        .select(['actor_label', 'metadata'])
        .where('action', '=', 'policy_change.evidence_exported')
        .execute();
      expect(events).toEqual([
        { actor_label: 'officer@acme.test', metadata: JSON.stringify({ notified: 2, policy: 'terms', version: '1.1' }) },
      ]);
      expect(opened.cspViolations).toEqual([]);
    },
    SLOW,
  );
});
