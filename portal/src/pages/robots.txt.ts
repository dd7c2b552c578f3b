// What crawlers may index: the public pages, never the staff dashboard, and
// where the sitemap is (an absolute URL, as the Sitemaps protocol requires).

import { DASHBOARD_PATH, SITEMAP_PATH } from '@governance/policies/vocabulary/urls';
import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ site }) => {
  if (!site) throw new Error('robots.txt needs an absolute sitemap URL: set `site` in astro.config.ts (PUBLIC_SITE_URL)');
  const lines = ['User-agent: *', `Disallow: ${DASHBOARD_PATH}`, '', `Sitemap: ${new URL(SITEMAP_PATH, site).href}`];
  return new Response(`${lines.join('\n')}\n`, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
