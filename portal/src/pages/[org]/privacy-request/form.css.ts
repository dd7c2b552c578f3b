// The portal's stylesheet at a fixed address. Astro names its bundled CSS by
// content hash; the pages the API server renders itself (a refused
// no-JavaScript submission, api/src/http/form-page.ts) link this one instead,
// so they look like the rest of the portal.
import type { APIRoute, GetStaticPaths } from 'astro';
import { organizationPaths } from '../../../components/privacy-request/organization-paths.ts';
import stylesheet from '../../../styles/global.css?raw';

export const getStaticPaths = (() => organizationPaths()) satisfies GetStaticPaths;

export const GET: APIRoute = () => new Response(stylesheet, { headers: { 'content-type': 'text/css; charset=utf-8' } });
