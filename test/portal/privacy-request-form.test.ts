// The no-JavaScript deletion request forms: plain HTML posts to
// /<org>/privacy-request/ and /<org>/privacy-request/verify/, answered by the
// form pages themselves (rendered on request from the portal's build),
// through a real HTTP server and a real database.
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppServices } from '@governance/api/graphql/context';
import { FORM_BODY_LIMIT } from '@governance/api/http/request-body';
import { createHttpServer } from '@governance/api/http/server';
import { createStaticPortal } from '@governance/api/http/static-portal';
import { sql } from 'kysely';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formIdempotencyKey } from '../../portal/src/lib/live/request-form.ts';
import { createTestApi, createTestServices, TEST_PUBLIC_URL, type TestApi } from '../helpers/api.ts';
import { movableClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { outboxMail, submitForTest, tokenInLink } from '../helpers/deletion-requests.ts';
import { BUILD_TIMEOUT } from '../helpers/portal-build.ts';
import { seedPortal } from '../helpers/seed-portal.ts';
import { createOrganization } from '../helpers/staff.ts';

const START = '2026-11-22T10:00:00.000Z';
const DAY = 24 * 3_600_000;
const REFERENCE = /^DR-\d{4}-[0-9A-HJKMNP-TV-Z]{5}$/;

interface Running {
  server: Server;
  base: string;
}

/** The run's seed build of the portal (test/helpers/seed-portal.ts), for every server of this file: read only. */
let dist: string;

beforeAll(async () => {
  dist = await seedPortal();
}, BUILD_TIMEOUT);

async function listen(services: AppServices): Promise<Running> {
  const server = createHttpServer(services, { graphiql: false, portal: createStaticPortal(dist) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const ANSWERS = {
  email: 'Ada@Example.com',
  name: 'Ada Lovelace',
  accountIdentifier: '',
  jurisdiction: 'GDPR',
  details: 'Everything about me, please.',
};

describe('the no-JavaScript deletion request forms', () => {
  let database: TestDatabase;
  const clock = movableClock(START);
  let api: TestApi;
  let running: Running;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    await database.owner.updateTable('organization').set({ name: 'Acme & <Sons>' }).where('slug', '=', 'acme').execute();
    api = createTestApi(database, clock);
    running = await listen(api.services);
  });
  afterAll(async () => {
    running?.server.close();
    await database.drop();
  });

  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${running.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: running.base, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const requestsOf = (email: string) =>
    database.db.selectFrom('deletion_request').selectAll().where('email', '=', email.toLowerCase()).orderBy('received_at').execute();
  const page = async (response: Response): Promise<HTMLElement> => {
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    return parse(await response.text());
  };

  it('stores a submitted form and redirects (303) to the received page with the reference', async () => {
    const response = await post('/acme/privacy-request/', { ...ANSWERS, email: 'first@example.com' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', running.base);
    expect(location.pathname).toBe('/acme/privacy-request/received/');
    const reference = location.searchParams.get('reference') ?? '';
    expect(reference).toMatch(REFERENCE);
    const [row, ...others] = await requestsOf('first@example.com');
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      reference,
      name: 'Ada Lovelace',
      account_identifier: null,
      jurisdiction: 'GDPR',
      details: 'Everything about me, please.',
      status: 'UNVERIFIED',
    });
    expect(row?.idempotency_key).toMatch(/^form-[0-9a-f]{64}$/);
    // The intake itself ran: the confirmation link is on its way.
    const [mail] = await outboxMail(api, 'first@example.com', 'VERIFICATION');
    expect(mail?.subject).toContain(reference);
  });

  it('makes one request of the same form posted twice (a double click, a refresh)', async () => {
    const first = await post('/acme/privacy-request/', { ...ANSWERS, email: 'twice@example.com' });
    // The same answers, as a browser would resend them: the email in other case, the name padded.
    const second = await post('/acme/privacy-request/', { ...ANSWERS, email: ' TWICE@example.com ', name: ' Ada Lovelace ' });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await requestsOf('twice@example.com')).toHaveLength(1);
  });

  it('makes a new request of the same answers on another (UTC) day', async () => {
    const first = await post('/acme/privacy-request/', { ...ANSWERS, email: 'again@example.com' });
    clock.advance(DAY);
    const next = await post('/acme/privacy-request/', { ...ANSWERS, email: 'again@example.com' });
    expect(next.headers.get('location')).not.toBe(first.headers.get('location'));
    const rows = await requestsOf('again@example.com');
    expect(rows).toHaveLength(2);
    // The later one is linked to the earlier, never blocked.
    expect(rows[1]?.duplicate_of).toBe(rows[0]?.id);
  });

  it('answers a refused field with 400 and the form again: every answer kept, the message on the field', async () => {
    const typed = {
      email: 'not-an-address',
      name: 'Robert"); <script>alert(1)</script>',
      accountIdentifier: 'cust & <42>',
      jurisdiction: 'CCPA',
      details: 'Line one\n</textarea><b>not bold</b>',
    };
    const response = await post('/acme/privacy-request/', typed);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const root = await page(response);
    // The only script is the page's own, from a file (the Content-Security-Policy allows no other).
    for (const script of root.querySelectorAll('script')) {
      expect(script.getAttribute('src')).toMatch(/^\/_astro\/[\w.-]+\.js$/);
      expect(script.textContent.trim()).toBe('');
    }
    expect(root.querySelectorAll('b')).toHaveLength(0);
    const email = root.querySelector('input#email');
    expect(email?.getAttribute('value')).toBe(typed.email);
    expect(email?.getAttribute('aria-invalid')).toBe('true');
    expect(email?.getAttribute('aria-describedby')?.split(' ')).toEqual(['email-hint', 'email-error']);
    expect(root.querySelector('#email-error')?.textContent).toBe('Error: Enter an email address, like name@example.com.');
    expect(root.querySelector('#email-error')?.hasAttribute('hidden')).toBe(false);
    expect(root.querySelector('input#name')?.getAttribute('value')).toBe(typed.name);
    expect(root.querySelector('input#name')?.hasAttribute('aria-invalid')).toBe(false);
    expect(root.querySelector('input#accountIdentifier')?.getAttribute('value')).toBe(typed.accountIdentifier);
    expect(root.querySelector('textarea#details')?.textContent).toBe(typed.details);
    expect(root.querySelector('input#jurisdiction-ccpa')?.hasAttribute('checked')).toBe(true);
    expect(root.querySelector('input#jurisdiction-gdpr')?.hasAttribute('checked')).toBe(false);
    // The summary comes first, takes focus, and links to the field.
    const summary = root.querySelector('.error-summary');
    expect(summary?.hasAttribute('autofocus')).toBe(true);
    expect(summary?.querySelector('a')?.getAttribute('href')).toBe('#email');
    expect(root.querySelector('title')?.textContent).toMatch(/^Error: /);
    // The organization's name is text, not markup.
    expect(root.querySelector('h1')?.textContent).toBe('Ask Acme & <Sons> about your personal data');
    expect(root.querySelector('main form')?.getAttribute('action')).toBe('/acme/privacy-request/');
    expect(root.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toMatch(/^\/_astro\/[\w.-]+\.css$/);
    expect(await requestsOf(typed.email)).toEqual([]);
  });

  it.each(['email', 'name', 'accountIdentifier', 'jurisdiction', 'details'] as const)(
    'answers a NUL character in %s with 400 and the error on that field, the answers kept without it',
    async (field) => {
      const typed = { ...ANSWERS, email: `nul-${field}@example.com`, [field]: `${field === 'jurisdiction' ? 'GDPR' : 'x'}\u0000y` };
      const response = await post('/acme/privacy-request/', typed);
      expect(response.status).toBe(400);
      const root = await page(response);
      expect(root.querySelector(`#${field}-error`)?.textContent).toMatch(/^Error: This answer holds a character that cannot be stored/);
      expect(root.querySelector(`#${field}-error`)?.hasAttribute('hidden')).toBe(false);
      if (field === 'name') expect(root.querySelector('input#name')?.getAttribute('value')).toBe('xy');
      expect(await requestsOf(typed.email.replace('\u0000', ''))).toEqual([]);
    },
  );

  it('names a missing jurisdiction on its fieldset', async () => {
    const response = await post('/acme/privacy-request/', { ...ANSWERS, email: 'nolaw@example.com', jurisdiction: '' });
    expect(response.status).toBe(400);
    const root = await page(response);
    const fieldset = root.querySelector('fieldset[data-field="jurisdiction"]');
    expect(fieldset?.getAttribute('aria-describedby')?.split(' ')).toContain('jurisdiction-error');
    expect(root.querySelector('#jurisdiction-error')?.textContent).toBe('Error: Choose EU/UK GDPR, California CCPA or other.');
    expect(root.querySelector('.error-summary a')?.getAttribute('href')).toBe('#jurisdiction-gdpr');
    expect(root.querySelector('input#email')?.getAttribute('value')).toBe('nolaw@example.com');
  });

  it('accepts a form whose Origin is the public address, though a proxy passed it on under another Host', async () => {
    const response = await post('/acme/privacy-request/', { ...ANSWERS, email: 'proxied@example.com' }, { origin: TEST_PUBLIC_URL });
    expect(response.status).toBe(303);
    expect(await requestsOf('proxied@example.com')).toHaveLength(1);
  });

  it('refuses a form posted from another site (403) and stores nothing', async () => {
    for (const origin of ['https://attacker.example', 'null']) {
      const response = await post('/acme/privacy-request/', { ...ANSWERS, email: 'csrf@example.com' }, { origin });
      expect(response.status, origin).toBe(403);
      expect((await page(response)).querySelector('h1')?.textContent).toBe('Form sent from another site');
    }
    expect(await requestsOf('csrf@example.com')).toEqual([]);
  });

  it(`refuses a body over ${FORM_BODY_LIMIT / 1024} KB with 413, whether its length is declared or streamed`, async () => {
    const details = 'x'.repeat(FORM_BODY_LIMIT + 1);
    const declared = await post('/acme/privacy-request/', { ...ANSWERS, email: 'large@example.com', details });
    expect(declared.status).toBe(413);
    expect((await page(declared)).querySelector('h1')?.textContent).toBe('Form too large');
    const streamed = await postChunked(`${running.base}/acme/privacy-request/`, new URLSearchParams({ ...ANSWERS, details }).toString());
    expect(streamed.status).toBe(413);
    expect(streamed.body).toContain('Form too large');
    expect(await requestsOf('large@example.com')).toEqual([]);
  });

  it('accepts the longest honest form, written in a non-Latin script', async () => {
    const longest = {
      ...ANSWERS,
      email: 'longest@example.com',
      name: '名'.repeat(200),
      accountIdentifier: '號'.repeat(200),
      details: '削'.repeat(5000),
    };
    const response = await post('/acme/privacy-request/', longest);
    expect(response.status).toBe(303);
    const [row] = await requestsOf('longest@example.com');
    expect(row?.details).toBe(longest.details);
  });

  it('refuses a body that is not an HTML form (415)', async () => {
    const response = await post('/acme/privacy-request/', ANSWERS, { 'content-type': 'application/json' });
    expect(response.status).toBe(415);
  });

  it('answers 404 for an organization that does not exist', async () => {
    for (const path of ['/nobody/privacy-request/', '/%E0%A4%A/privacy-request/verify/']) {
      const response = await post(path, ANSWERS);
      expect(response.status, path).toBe(404);
      expect((await page(response)).querySelector('h1')?.textContent).toBe('Organization not found');
    }
  });

  it('confirms the email address with the mailed code posted by form, and redirects to the confirmed page', async () => {
    const submittedForm = await post('/acme/privacy-request/', { ...ANSWERS, email: 'verify@example.com' });
    const reference = new URL(submittedForm.headers.get('location') ?? '', running.base).searchParams.get('reference');
    const [mail] = await outboxMail(api, 'verify@example.com', 'VERIFICATION');
    // The person pastes the code from the email, perhaps with a space around it.
    const response = await post('/acme/privacy-request/verify/', { token: ` ${tokenInLink(mail?.body_text ?? null, 'verify')} ` });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/acme/privacy-request/verify/confirmed/?reference=${reference}`);
    const row = await database.db
      .selectFrom('deletion_request')
      .select(['status', 'verified_at'])
      .where('reference', '=', reference)
      .executeTakeFirst();
    expect(row?.status).toBe('VERIFIED');
    expect(row?.verified_at?.toISOString()).toBe(clock.now().toISOString());
  });

  it('answers an unknown code with 400, the code kept, and the same message as the API', async () => {
    const response = await post('/acme/privacy-request/verify/', { token: 'drv_not-a-real-code' });
    expect(response.status).toBe(400);
    const root = await page(response);
    const input = root.querySelector('input#token');
    expect(input?.getAttribute('value')).toBe('drv_not-a-real-code');
    expect(input?.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#token-error')?.textContent).toBe(
      'Error: This verification link is not valid. Check that it was copied whole, or submit the request again.',
    );
    const empty = await post('/acme/privacy-request/verify/', { token: '  ' });
    expect(empty.status).toBe(400);
    expect((await page(empty)).querySelector('#token-error')?.textContent).toBe('Error: Enter the confirmation code from the email.');
  });

  it('answers a code holding a NUL character with 400 and the error on the code', async () => {
    const response = await post('/acme/privacy-request/verify/', { token: 'drv_\u0000abc' });
    expect(response.status).toBe(400);
    const root = await page(response);
    expect(root.querySelector('input#token')?.getAttribute('value')).toBe('drv_abc');
    expect(root.querySelector('#token-error')?.textContent).toMatch(/^Error: This answer holds a character that cannot be stored/);
  });

  it('refuses a cross-site confirmation too', async () => {
    const { reference, verificationToken } = await submitForTest(api, { organization: 'acme' });
    const response = await post('/acme/privacy-request/verify/', { token: verificationToken }, { origin: 'https://attacker.example' });
    expect(response.status).toBe(403);
    const row = await database.db.selectFrom('deletion_request').select('status').where('reference', '=', reference).executeTakeFirst();
    expect(row?.status).toBe('UNVERIFIED');
  });
});

describe('the cap of a no-JavaScript form body', () => {
  let database: TestDatabase;
  const running: Running[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
  });
  afterAll(async () => {
    for (const { server } of running) server.close();
    await database.drop();
  });

  const start = async (bodyLimits?: { form: number }) => {
    const server = createHttpServer(createTestServices(database, movableClock(START)), {
      graphiql: false,
      portal: createStaticPortal(dist),
      ...(bodyLimits ? { bodyLimits } : {}),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const started = { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    running.push(started);
    return started.base;
  };
  const postForm = (base: string, body: string) =>
    fetch(`${base}/acme/privacy-request/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

  it('refuses an 8 MB form with 413 and a short page, and stays healthy', async () => {
    const base = await start();
    const response = await postForm(base, `details=${'x'.repeat(8 * 1024 * 1024)}`);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain(`The form sent was larger than ${FORM_BODY_LIMIT / 1024} KB`);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/acme/privacy-request/`)).status).toBe(200);
  });

  it('applies the configured form cap (MAX_FORM_BODY_BYTES)', async () => {
    const base = await start({ form: 4096 });
    const form = await postForm(base, `details=${'x'.repeat(5000)}`);
    expect(form.status).toBe(413);
    expect(await form.text()).toContain('larger than 4 KB');
  });
});

describe('a no-JavaScript submission behind a trusted proxy', () => {
  let database: TestDatabase;
  let running: Running;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    running = await listen({ ...createTestServices(database, movableClock(START)), trustProxy: true, trustedProxyHops: 1 });
  });
  afterAll(async () => {
    running?.server.close();
    await database.drop();
  });

  const countedAddresses = async () =>
    (
      await sql<{ key: string }>`select key from rate_limit where key like 'deletion_request_ip:%' order by key`.execute(database.owner)
    ).rows.map((row) => row.key);

  it('limits the no-JavaScript form by the address the proxy appended', async () => {
    const response = await fetch(`${running.base}/acme/privacy-request/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
      body: new URLSearchParams({ email: 'form@example.com', name: 'A Person', jurisdiction: 'GDPR', details: '' }).toString(),
    });
    expect(response.status).toBe(303);
    expect(await countedAddresses()).toContain('deletion_request_ip:203.0.113.9');
    expect(await countedAddresses()).not.toContain('deletion_request_ip:6.6.6.6');
  });
});

describe('rate-limited no-JavaScript submissions', () => {
  let database: TestDatabase;
  let running: Running;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganization(database.db, 'acme');
    running = await listen(createTestServices(database, movableClock(START), undefined, { perIp: 100, perEmail: 1, windowSeconds: 3600 }));
  });
  afterAll(async () => {
    running?.server.close();
    await database.drop();
  });

  it('answers 429 with the service message and the answers kept', async () => {
    const send = (details: string) =>
      fetch(`${running.base}/acme/privacy-request/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...ANSWERS, details }).toString(),
      });
    expect((await send('first')).status).toBe(303);
    const limited = await send('second');
    expect(limited.status).toBe(429);
    const root = parse(await limited.text());
    expect(root.querySelector('.error-summary li')?.textContent).toMatch(/^Too many requests\. Try again in \d+ minutes?\.$/);
    expect(root.querySelector('textarea#details')?.textContent).toBe('second');
  });
});

describe('the idempotency key of a no-JavaScript submission', () => {
  const now = new Date(START);

  it('is the same for the same answers on the same UTC day, as the intake compares them', () => {
    const key = formIdempotencyKey('acme', ANSWERS, now);
    expect(key).toMatch(/^[\w-]{8,200}$/);
    expect(formIdempotencyKey('acme', { ...ANSWERS, email: ' ada@example.COM' }, new Date('2026-11-22T23:59:59Z'))).toBe(key);
  });

  it('differs for another answer, another organization or another day', () => {
    const key = formIdempotencyKey('acme', ANSWERS, now);
    expect(formIdempotencyKey('acme', { ...ANSWERS, jurisdiction: 'CCPA' }, now)).not.toBe(key);
    expect(formIdempotencyKey('acme', { ...ANSWERS, details: 'Other details' }, now)).not.toBe(key);
    expect(formIdempotencyKey('globex', ANSWERS, now)).not.toBe(key);
    expect(formIdempotencyKey('acme', ANSWERS, new Date('2026-11-23T00:00:00Z'))).not.toBe(key);
  });
});

/** A POST without Content-Length (chunked), as a client streaming a body sends it. */
function postChunked(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest(
      target,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    for (let offset = 0; offset < body.length; offset += 4096) request.write(body.slice(offset, offset + 4096));
    request.end();
  });
}
