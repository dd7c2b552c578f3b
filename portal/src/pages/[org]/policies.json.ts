// Machine-readable list of an organization's policies: current and pending
// versions with dates, SHA-256 and URLs, and its subprocessor list (every
// announced version with dates and hash, the entries of the one in force).
// Its shape is the committed JSON Schema at /schemas/policies.schema.json.

import {
  changesUrl,
  feedUrl,
  POLICIES_JSON_SCHEMA_URL,
  policyUrl,
  subprocessorFeedUrl,
  subprocessorListJsonUrl,
  subprocessorListUrl,
  subprocessorsUrl,
  versionUrl,
} from '@governance/policies/vocabulary/urls';
import type { APIRoute, GetStaticPaths } from 'astro';
import { type CatalogVersion, loadCatalog, type Organization } from '../../lib/catalog.ts';
import { previousVersion } from '../../lib/version-pairs.ts';

export const getStaticPaths = (async () => {
  const { organizations, today } = await loadCatalog();
  return organizations.map((organization) => ({ params: { org: organization.slug }, props: { organization, today } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ organization: Organization; today: string }> = ({ props, site }) => {
  if (!site) throw new Error('policies.json needs absolute URLs: set `site` in astro.config.ts (PUBLIC_SITE_URL)');
  const { organization, today } = props;
  const absolute = (path: string) => new URL(path, site).href;
  const feeds = (policy?: string) => ({
    atom: absolute(feedUrl('atom', organization.slug, policy)),
    json: absolute(feedUrl('json', organization.slug, policy)),
  });
  const policies = [...organization.policies]
    .sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0))
    .map((policy) => {
      const describe = (version: CatalogVersion) => {
        const from = previousVersion(policy, version);
        const page = versionUrl(version.organization, version.policy, version.version);
        return {
          version: version.version,
          title: version.title,
          summary: version.summary,
          material: version.material,
          effective: version.effective,
          effectiveAt: `${version.effective}T00:00:00.000Z`,
          published: version.published,
          sha256: version.sha256,
          url: absolute(page),
          textUrl: absolute(`${page}body.md`),
          changesUrl: from ? absolute(changesUrl(version.organization, version.policy, from.version, version.version)) : null,
        };
      };
      return {
        slug: policy.policy,
        title: policy.title,
        // Before its first version takes effect a policy has only version pages.
        url: policy.current ? absolute(policyUrl(organization.slug, policy.policy)) : null,
        feeds: feeds(policy.policy),
        current: policy.current ? describe(policy.current) : null,
        pending: [...policy.pending].reverse().map(describe),
      };
    });
  const register = organization.subprocessors;
  const subprocessors = {
    url: absolute(subprocessorsUrl(organization.slug)),
    feeds: {
      atom: absolute(subprocessorFeedUrl('atom', organization.slug)),
      json: absolute(subprocessorFeedUrl('json', organization.slug)),
    },
    noticeDays: register.noticeDays,
    current: register.current?.version ?? null,
    versions: [...register.versions].reverse().map((list) => ({
      version: list.version,
      summary: list.summary,
      announced: list.announced,
      effective: list.effective,
      effectiveAt: `${list.effective}T00:00:00.000Z`,
      status: list.status.kind,
      sha256: list.sha256,
      url: absolute(subprocessorListUrl(organization.slug, list.version)),
      canonicalJsonUrl: absolute(subprocessorListJsonUrl(organization.slug, list.version)),
    })),
    entries: register.current?.entries ?? [],
  };
  const document = {
    $schema: absolute(POLICIES_JSON_SCHEMA_URL),
    organization: {
      slug: organization.slug,
      name: organization.name,
      ...(organization.website ? { website: organization.website } : {}),
      url: absolute(`/${organization.slug}/`),
      feeds: feeds(),
    },
    asOf: today,
    policies,
    subprocessors,
  };
  return new Response(`${JSON.stringify(document, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
