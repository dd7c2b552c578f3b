// ?next= on the sign-in page is written by whoever made the link: after
// signing in, the browser may only go to a dashboard page of this origin.

import { signInUrl } from '@governance/policies/vocabulary/urls';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_HOME, safeNextPath } from '../../portal/src/dashboard/next-path.ts';

const ORIGIN = 'https://portal.example';

describe('the page after signing in (?next=)', () => {
  it('keeps a dashboard page of this site, with its query and fragment', () => {
    expect(safeNextPath('/dashboard/deletion-requests/?org=acme#open', ORIGIN)).toBe('/dashboard/deletion-requests/?org=acme#open');
    expect(safeNextPath('/dashboard/audit/', ORIGIN)).toBe('/dashboard/audit/');
  });

  it('keeps the normalised path when dot segments stay inside the dashboard', () => {
    expect(safeNextPath('/dashboard/users/../tokens/', ORIGIN)).toBe('/dashboard/tokens/');
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with a path', '//evil.example/dashboard/'],
    ['dot segments that normalise to a protocol-relative path', '/..//evil.example/x'],
    ['dot segments after a dashboard path', '/dashboard/..//evil.example/x'],
    ['a normalised double slash deeper down', '/dashboard/../..//evil.example/dashboard/'],
    ['a backslash read as a slash', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['an absolute URL of another site', 'https://evil.example/dashboard/'],
    ['an absolute URL of this site over http', 'http://portal.example/dashboard/'],
    ['a javascript: URL', 'javascript:alert(document.cookie)'],
    ['a javascript: URL with a leading slash trick', '/\tjavascript:alert(1)'],
    ['a tab inside the double slash', '/\t/evil.example'],
    ['a newline inside the double slash', '/\n/evil.example/dashboard/'],
    ['a carriage return', '/\r/evil.example'],
    ['a NUL byte', '/dashboard/\u0000'],
    ['a percent-encoded backslash', '/%5Cevil.example'],
    ['a percent-encoded backslash in a dashboard path', '/dashboard/%5C%5Cevil.example'],
    ['a percent-encoded tab', '/dashboard/%09/evil.example'],
    ['a percent-encoded slash pair after dot segments', '/..%2F%2Fevil.example'],
    ['a page outside the dashboard', '/graphql?query={me{id}}'],
    ['the site root', '/'],
    ['a path that only starts like the dashboard', '/dashboardevil/'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ])('falls back to the dashboard for %s', (_name, next) => {
    expect(safeNextPath(next, ORIGIN)).toBe(DASHBOARD_HOME);
  });

  it('never yields a path a browser would read as another host', () => {
    const tricks = ['/..//evil.example', '/./..//evil.example', '/%2e%2e//evil.example', '/dashboard/%2e%2e/%2e%2e//evil.example'];
    for (const next of tricks) {
      const landing = new URL(safeNextPath(next, ORIGIN), ORIGIN);
      expect(landing.origin, next).toBe(ORIGIN);
      expect(landing.pathname.startsWith(DASHBOARD_HOME), next).toBe(true);
    }
  });

  it('builds sign-in links whose next survives the round trip', () => {
    const next = '/dashboard/deletion-requests/?org=acme&status=OPEN';
    const link = new URL(signInUrl(next), ORIGIN);
    expect(link.pathname).toBe('/dashboard/sign-in/');
    expect(safeNextPath(link.searchParams.get('next'), ORIGIN)).toBe(next);
  });
});
