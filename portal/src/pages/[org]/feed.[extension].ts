// One organization's feeds of policy versions and subprocessor list versions: feed.xml (Atom) and feed.json (JSON Feed).

import type { FeedFormat } from '@governance/policies/vocabulary/urls';
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadCatalog, type Organization } from '../../lib/catalog.ts';
import { allEntriesOf, FEED_FORMAT_PATHS, feedResponse, organizationScope } from '../../lib/feeds.ts';

export const getStaticPaths = (async () => {
  const { organizations } = await loadCatalog();
  return organizations.flatMap((organization) =>
    FEED_FORMAT_PATHS.map(({ params, props }) => ({ params: { ...params, org: organization.slug }, props: { ...props, organization } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ format: FeedFormat; organization: Organization }> = ({ props, site }) =>
  feedResponse(props.format, organizationScope(props.organization), allEntriesOf([props.organization]), site);
