// /<org>/trust-pack.json: the organization's trust pack as it stands at the
// moment of the download (every policy in force, with its text and SHA-256,
// and every version that took effect so far), rendered on request by the API
// server from `Organization.trustPack`, so it is never older than the API.
import { isSlug } from '@governance/policies/vocabulary/urls';
import type { APIRoute } from 'astro';
import { dataOf } from '../../lib/live/locals.ts';
import { TRUST_PACK_DOWNLOAD } from '../../lib/live/trust-pack.ts';

export const prerender = false;

const JSON_TYPE = 'application/json; charset=utf-8';

export const GET: APIRoute = async ({ params, locals }) => {
  const slug = params.org;
  const { organization } = isSlug(slug)
    ? await dataOf(locals, TRUST_PACK_DOWNLOAD, { organization: slug, at: locals.now.toISOString() })
    : { organization: null };
  if (!organization) {
    return new Response(`${JSON.stringify({ error: 'There is no organization at this address.' })}\n`, {
      status: 404,
      headers: { 'content-type': JSON_TYPE },
    });
  }
  const { trustPack, ...about } = organization;
  return new Response(`${JSON.stringify({ organization: about, ...trustPack }, null, 2)}\n`, {
    headers: { 'content-type': JSON_TYPE, 'content-disposition': `attachment; filename="${about.slug}-trust-pack.json"` },
  });
};
