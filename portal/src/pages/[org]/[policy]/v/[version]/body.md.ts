// The canonical text of each version, byte for byte what its SHA-256 covers,
// so `curl -s …/body.md | sha256sum` reproduces the published hash.
import type { APIRoute, GetStaticPaths } from 'astro';
import { type CatalogVersion, loadCatalog } from '../../../../../lib/catalog.ts';

export const getStaticPaths = (async () => {
  const { organizations } = await loadCatalog();
  return organizations.flatMap((organization) =>
    organization.policies.flatMap((policy) =>
      policy.versions.map(({ version }) => ({
        params: { org: organization.slug, policy: policy.policy, version: version.version },
        props: { version },
      })),
    ),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ version: CatalogVersion }> = ({ props }) =>
  new Response(props.version.body, { headers: { 'content-type': 'text/markdown; charset=utf-8' } });
