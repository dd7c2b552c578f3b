// The exact bytes a list version's SHA-256 is computed over: its RFC 8785
// canonical JSON, as the lock file, the sync and the API hash it. Served as
// a file so `curl … | sha256sum` recomputes the hash shown on the page.
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadCatalog } from '../../../../lib/catalog.ts';
import type { ListVersion } from '../../../../lib/subprocessor-register.ts';

export const getStaticPaths = (async () => {
  const { organizations } = await loadCatalog();
  return organizations.flatMap((organization) =>
    organization.subprocessors.versions.map((version) => ({
      params: { org: organization.slug, version: version.version },
      props: { version },
    })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ version: ListVersion }> = ({ props }) =>
  new Response(props.version.canonicalJson, { headers: { 'content-type': 'application/json; charset=utf-8' } });
