// The requester's status page over HTTP, as a browser without JavaScript
// meets it (the seed portal's build, a real server and database): the status
// link's token is posted once, kept in an HttpOnly cookie limited to the
// organization's status page, and every later visit renders the status on
// the server from that cookie; the token never appears in an address.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemPrincipal } from '@governance/api/auth/principal';
import { applyStaffAction } from '@governance/api/deletion-requests/staff-actions.service';
import { verifyDeletionRequest } from '@governance/api/deletion-requests/verification.service';
import { createHttpServer } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';
import { BUILD_TIMEOUT } from '../helpers/portal-build.ts';
import { seedPortal } from '../helpers/seed-portal.ts';
import { createOrganization } from '../helpers/staff.ts';

const START = '2026-11-22T10:00:00.000Z';
const STATUS_PATH = '/acme/privacy-request/status/';

let database: TestDatabase;
let api: TestApi;
let server: Server;
let base: string;
const clock = movableClock(START);

beforeAll(async () => {
  const dist = await seedPortal();
  database = await createTestDatabase();
  await createOrganization(database.db, 'acme', 'Acme Corp');
  await createOrganization(database.db, 'other');
  api = createTestApi(database, clock);
  server = createHttpServer(api.services, { graphiql: false, portal: createStaticPortal(dist) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, BUILD_TIMEOUT);
afterAll(async () => {
  server?.close();
  await database?.drop();
});

/** A confirmed request of `organization` and the status token its received mail carries. */
async function confirmedRequest(organization = 'acme') {
  const submitted = await submitForTest(api, { organization });
  await verifyDeletionRequest(api.services, submitted.verificationToken, { requestId: null, ip: null, userAgent: null });
  const [received] = await outboxMail(api, submitted.email, 'RECEIVED');
  return { ...submitted, statusToken: tokenInLink(received?.body_text ?? null, 'status') };
}

/** A request confirmed, worked and completed by staff, with its signed receipt. */
async function completedRequest() {
  const confirmed = await confirmedRequest();
  const actor = { principal: systemPrincipal('test'), request: { requestId: null, ip: null, userAgent: null } };
  const started = await applyStaffAction(api.services, actor, confirmed.id, 2, { action: 'START' });
  await applyStaffAction(api.services, actor, confirmed.id, started.version, {
    action: 'COMPLETE',
    summary: 'Your account and the orders in it.',
    systems: ['accounts', 'orders'],
  });
  return confirmed;
}

const post = (fields: Record<string, string>, headers: Record<string, string> = {}, path = STATUS_PATH) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
const get = (cookie?: string, path = STATUS_PATH) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const html = async (response: Response): Promise<HTMLElement> => parse(await response.text());
/** The `name=value` part of a Set-Cookie header, as the browser sends it back. */
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('the status page keeps the request on the device', () => {
  it("answers the link's token with 303 to the bare address and an HttpOnly, SameSite=Strict cookie limited to the status page", async () => {
    const { statusToken } = await confirmedRequest();
    const response = await post({ token: statusToken });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(STATUS_PATH);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^deletion-request-status=drs_/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toContain(`; Path=${STATUS_PATH}`);
    // Over plain http (this test server) the cookie cannot be Secure; see the next test for https.
    expect(setCookie).not.toMatch(/; Secure/i);
    // Bounded: about three months after the answer is due (one month under the GDPR), not forever.
    const expires = new Date(/Expires=([^;]+)/i.exec(setCookie)?.[1] ?? '');
    expect(expires.getTime()).toBeGreaterThan(Date.parse('2027-03-01'));
    expect(expires.getTime()).toBeLessThan(Date.parse('2027-04-01'));
  });

  it('marks the cookie Secure when the visitor came over https through the trusted proxy', async () => {
    const trusting = createHttpServer(
      { ...api.services, trustProxy: true },
      { graphiql: false, portal: createStaticPortal(await seedPortal()) },
    );
    await new Promise<void>((resolve) => trusting.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(trusting.address() as AddressInfo).port}`;
      const { statusToken } = await confirmedRequest();
      const response = await fetch(`${origin}${STATUS_PATH}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'x-forwarded-proto': 'https' },
        body: new URLSearchParams({ token: statusToken }).toString(),
      });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      trusting.close();
    }
  });

  it('renders the status on the server from the cookie, on every visit, never echoing the token, uncached and without Referer', async () => {
    const { statusToken, reference } = await confirmedRequest();
    const cookie = cookieOf(await post({ token: statusToken }));
    for (const visit of [1, 2]) {
      const response = await get(cookie);
      expect(response.status, `visit ${visit}`).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      const text = await response.text();
      expect(text).not.toContain(statusToken);
      const page = parse(text);
      expect(page.querySelector('#status-heading')?.text).toBe(`Request ${reference}`);
      expect(page.querySelector('.status-facts')?.text).toContain('Confirmed, waiting to be handled');
      // The status shows: no code to enter any more, and a way to let go of it.
      expect(page.querySelector('form[data-status-form]')).toBeNull();
      expect(page.querySelector('main button[type="submit"]')?.text).toBe('Forget this request on this device');
    }
  });

  it('without a cookie offers the form to open the request, and nothing of any request', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page.querySelector('form[data-status-form]')).not.toBeNull();
    expect(page.querySelector('[data-status-result]')).toBeNull();
  });

  it('answers an unknown token 404 with the page explaining it, and keeps no cookie', async () => {
    const response = await post({ token: `drs_${'x'.repeat(43)}` });
    expect(response.status).toBe(404);
    expect(response.headers.get('set-cookie')).toBeNull();
    const page = await html(response);
    expect(page.querySelector('.error-summary')?.text).toContain('We could not find a request for this link');
  });

  it("does not keep another organization's request under this organization's status page", async () => {
    const { statusToken } = await confirmedRequest('other');
    const response = await post({ token: statusToken });
    expect(response.status).toBe(404);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('forgets the request on this device: the cookie is cleared and the page asks for the link again', async () => {
    const { statusToken } = await confirmedRequest();
    const cookie = cookieOf(await post({ token: statusToken }));
    const forgotten = await post({ intent: 'forget' }, { cookie });
    expect(forgotten.status).toBe(303);
    expect(forgotten.headers.get('location')).toBe(STATUS_PATH);
    const cleared = forgotten.headers.get('set-cookie') ?? '';
    expect(cleared).toMatch(/^deletion-request-status=[^;]*; /);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    expect(cleared).toContain(`; Path=${STATUS_PATH}`);
  });

  it('lets go of a cookie whose request can no longer be shown, and says so', async () => {
    const response = await get(`deletion-request-status=drs_${'y'.repeat(43)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/^deletion-request-status=[^;]*; /);
    expect((await html(response)).querySelector('.error-summary')?.text).toContain('no longer finds the request');
  });

  it('refuses a token posted from another site, and keeps no cookie', async () => {
    const { statusToken } = await confirmedRequest();
    const response = await post({ token: statusToken }, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('downloads the signed receipt of a completed request from the cookie, as a file', async () => {
    const { statusToken, reference } = await completedRequest();
    const cookie = cookieOf(await post({ token: statusToken }));
    const page = await html(await get(cookie));
    expect(page.querySelector('a[download]')?.getAttribute('href')).toBe(`${STATUS_PATH}?download=receipt`);
    const file = await get(cookie, `${STATUS_PATH}?download=receipt`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${reference}-receipt.json"`);
    expect(JSON.parse(await file.text())).toMatchObject({ receipt: { reference } });
  });

  it('shows the progress line with each date in words and in a machine-readable datetime, and what was deleted in plain words', async () => {
    const { statusToken } = await completedRequest();
    const page = await html(await get(cookieOf(await post({ token: statusToken }))));
    // The organization by the name people know it by.
    expect(page.querySelector('.policy-organization')?.text.trim()).toBe('Acme Corp');
    const steps = page.querySelectorAll('.status-progress li');
    expect(steps.map((step) => step.querySelector('.status-step-label')?.text.trim())).toEqual([
      'Received',
      'Confirmed',
      'In progress',
      'Completed',
    ]);
    for (const step of steps) {
      const time = step.querySelector('time');
      expect(time?.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(time?.getAttribute('data-local')).toBe('date');
      expect(time?.text).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    }
    const deleted = page.querySelectorAll('h3').find((heading) => heading.text === 'What was deleted');
    expect(deleted?.nextElementSibling?.text).toBe('Your account and the orders in it.');
    expect(page.querySelectorAll('.status-receipt li').map((item) => item.text)).toEqual(['accounts', 'orders']);
  });

  it("explains the receipt without the project's tools, and its OpenSSL commands verify the downloaded receipt with the published keys", async () => {
    const { statusToken, reference } = await completedRequest();
    const cookie = cookieOf(await post({ token: statusToken }));
    const page = await html(await get(cookie));
    expect(page.text).not.toContain('pnpm');
    const commands = page.querySelectorAll('[data-receipt-check] code.command').map((command) => command.text);
    expect(commands.at(-1)).toMatch(/^openssl pkeyutl -verify/);
    const folder = mkdtempSync(path.join(tmpdir(), 'receipt-check-'));
    try {
      writeFileSync(path.join(folder, `${reference}-receipt.json`), await (await get(cookie, `${STATUS_PATH}?download=receipt`)).text());
      const keysUrl = page.querySelector('[data-receipt-check] a')?.getAttribute('href') ?? '';
      expect(keysUrl).toBe('/.well-known/audit-checkpoints/acme.json');
      writeFileSync(path.join(folder, 'acme.json'), await (await fetch(`${base}${keysUrl}`)).text());
      const run = () => spawnSync('bash', ['-euo', 'pipefail', '-c', commands.join('\n')], { cwd: folder, encoding: 'utf8' });
      expect(run()).toMatchObject({ status: 0, stdout: expect.stringContaining('Signature Verified Successfully') });
      // One changed character, and the same commands refuse it.
      const receiptFile = path.join(folder, `${reference}-receipt.json`);
      writeFileSync(receiptFile, readFileSync(receiptFile, 'utf8').replace('Your account', 'Your acount'));
      const refused = run();
      expect(refused.status).not.toBe(0);
      expect(refused.stdout).toContain('Signature Verification Failure');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("sends the first mail's link, opened again after the request moved on, to the status page saying so, not to an error", async () => {
    const { verificationToken, reference } = await completedRequest();
    const response = await post({ token: verificationToken }, {}, '/acme/privacy-request/verify/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${STATUS_PATH}?reference=${reference}`);
    const page = await html(await get(undefined, `${STATUS_PATH}?reference=${reference}`));
    expect(page.querySelector('[data-confirmed-earlier]')?.text).toContain('Your email address was already confirmed');
    expect(page.querySelector('input#reference')?.getAttribute('value')).toBe(reference);
  });
});

/** The grouped short code printed in a mail. */
const codeIn = (text: string | null | undefined) => /code: {6}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})/.exec(text ?? '')?.[1] ?? '';

describe('the short codes without JavaScript', () => {
  it('open the status with the reference and the status code typed in any case: 303 and the cookie', async () => {
    const { email, reference } = await confirmedRequest();
    const [received] = await outboxMail(api, email, 'RECEIVED');
    const response = await post({ reference: reference.toLowerCase(), code: codeIn(received?.body_text).toLowerCase().replace('-', ' ') });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(STATUS_PATH);
    const page = await html(await get(cookieOf(response)));
    expect(page.querySelector('#status-heading')?.text).toBe(`Request ${reference}`);
  });

  it('report a wrong status code on its field, and every empty field at once', async () => {
    const { reference } = await confirmedRequest();
    const wrong = await post({ reference, code: 'ZZZZ-ZZZZ' });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const page = await html(wrong);
    expect(page.querySelector('#code-error')?.text).toBe(
      'Error: This code does not match the reference. Check both against the email and try again.',
    );
    expect(page.querySelector('input#reference')?.getAttribute('value')).toBe(reference);
    const empty = await html(await post({ reference: '', code: '' }));
    expect(empty.querySelectorAll('.error-summary li').map((item) => item.text)).toEqual([
      'Enter the reference from the email, like DR-2026-7K3Q9.',
      'Enter the status code from the email.',
    ]);
    expect(empty.querySelector('input#reference')?.getAttribute('aria-invalid')).toBe('true');
    expect(empty.querySelector('input#code')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('confirm the email address with the reference and the confirmation code of the first mail', async () => {
    const submitted = await submitForTest(api, { organization: 'acme' });
    const [mail] = await outboxMail(api, submitted.email, 'VERIFICATION');
    const response = await post({ reference: submitted.reference, token: codeIn(mail?.body_text) }, {}, '/acme/privacy-request/verify/');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/acme/privacy-request/verify/confirmed/?reference=${submitted.reference}`);
    const row = await database.db.selectFrom('deletion_request').select('status').where('id', '=', submitted.id).executeTakeFirst();
    expect(row?.status).toBe('VERIFIED');
  });

  it('ask for the reference and the code together on the confirmation page, and say so for both at once', async () => {
    const response = await post({ reference: '', token: '' }, {}, '/acme/privacy-request/verify/');
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page.querySelectorAll('.error-summary li a').map((link) => [link.getAttribute('href'), link.text])).toEqual([
      ['#reference', 'Enter the reference from the email, like DR-2026-7K3Q9.'],
      ['#token', 'Enter the confirmation code from the email.'],
    ]);
  });
});

describe('the request form without JavaScript', () => {
  it('reports every problem at once, and tells an empty email address from a mistyped one', async () => {
    const empty = await post({ email: '', name: '', jurisdiction: '', details: '' }, {}, '/acme/privacy-request/');
    expect(empty.status).toBe(400);
    const page = await html(empty);
    expect(page.querySelectorAll('.error-summary li').map((item) => item.text)).toEqual([
      'Enter your email address.',
      'Enter your name.',
      'Choose EU/UK GDPR, California CCPA or other.',
    ]);
    for (const id of ['email-error', 'name-error', 'jurisdiction-error'])
      expect(page.querySelector(`#${id}`)?.hasAttribute('hidden'), id).toBe(false);
    const mistyped = await html(await post({ email: 'ada.example.com', name: 'Ada', jurisdiction: 'GDPR' }, {}, '/acme/privacy-request/'));
    expect(mistyped.querySelectorAll('.error-summary li').map((item) => item.text)).toEqual([
      'Enter an email address, like name@example.com.',
    ]);
  });
});
