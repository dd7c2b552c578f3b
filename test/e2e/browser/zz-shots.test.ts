import { systemClock } from '@governance/api/shared/clock';
import { afterAll, beforeAll, it } from 'vitest';
import { createTestServices } from '../../helpers/api.ts';
import { launchChromium, serveSite, type RunningSite } from '../../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { createOrganization } from '../../helpers/staff.ts';
import type { Browser } from 'playwright-core';

let database: TestDatabase;
let site: RunningSite;
let browser: Browser;
const LABEL = process.env.SHOTS_LABEL ?? 'x';
beforeAll(async () => {
  database = await createTestDatabase();
  await createOrganization(database.db, 'leenops');
  const services = createTestServices(database, systemClock);
  site = await serveSite(services, process.env.SHOTS_DIST ?? '');
  services.publicUrl = site.base;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await database?.drop();
});
it('shots', async () => {
  const pages = ['privacy-request/', 'privacy-request/received/?reference=DR-2026-7K3Q9', 'privacy-request/verify/', 'privacy-request/verify/confirmed/', 'privacy-request/status/', 'retention/', 'transparency/'];
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(`${site.base}/leenops/${p}`);
      await page.waitForTimeout(800);
      const name = p.split('?')[0].replace(/\/$/, '').replaceAll('/', '-');
      await page.screenshot({ path: `/work/shots/pages13/${LABEL}-${name}-${width}.png`, fullPage: true });
    }
    await context.close();
    const nojs = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const p2 = await nojs.newPage();
    await p2.goto(`${site.base}/leenops/privacy-request/`);
    await p2.fill('#email', 'not-an-email');
    await p2.fill('#name', 'Ada');
    await p2.check('#jurisdiction-gdpr');
    await p2.click('button[type=submit]');
    await p2.waitForLoadState();
    await p2.screenshot({ path: `/work/shots/pages13/${LABEL}-nojs-form-error-${width}.png`, fullPage: true });
    await p2.goto(`${site.base}/leenops/privacy-request/verify/`);
    await p2.fill('#token', 'drv_wrong');
    await p2.click('button[type=submit]');
    await p2.waitForLoadState();
    await p2.screenshot({ path: `/work/shots/pages13/${LABEL}-nojs-verify-error-${width}.png`, fullPage: true });
    await nojs.close();
  }
}, 120_000);
