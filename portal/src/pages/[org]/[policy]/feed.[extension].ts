// One policy's feeds of versions: feed.xml (Atom) and feed.json (JSON Feed).

import type { FeedFormat } from '@governance/policies/vocabulary/urls';
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadCatalog, type Organization, type Policy } from '../../../lib/catalog.ts';
import { entriesOf, FEED_FORMAT_PATHS, feedResponse, policyScope } from '../../../lib/feeds.ts';

export const getStaticPaths = (async () => {
  const { organizations } = await loadCatalog();
  return organizations.flatMap((organization) =>
    organization.policies.flatMap((policy) =>
      FEED_FORMAT_PATHS.map(({ params, props }) => ({
        params: { ...params, org: organization.slug, policy: policy.policy },
        props: { ...props, organization, policy },
      })),
    ),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ format: FeedFormat; organization: Organization; policy: Policy }> = ({ props, site }) =>
  feedResponse(
    props.format,
    policyScope(props.organization, props.policy),
    entriesOf([props.organization], { policy: props.policy.policy }),
    site,
  );
