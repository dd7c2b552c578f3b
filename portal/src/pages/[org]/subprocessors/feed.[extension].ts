// The feeds of one organization's subprocessor list alone (feed.xml, Atom;
// feed.json, JSON Feed), for those who follow only who receives the data;
// the organization's own feeds carry the same entries beside its policies.
import type { FeedFormat } from '@governance/policies/vocabulary/urls';
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadCatalog, type Organization } from '../../../lib/catalog.ts';
import { FEED_FORMAT_PATHS, feedResponse, registerEntriesOf, subprocessorScope } from '../../../lib/feeds.ts';

export const getStaticPaths = (async () => {
  const { organizations } = await loadCatalog();
  return organizations.flatMap((organization) =>
    FEED_FORMAT_PATHS.map(({ params, props }) => ({ params: { ...params, org: organization.slug }, props: { ...props, organization } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ format: FeedFormat; organization: Organization }> = ({ props, site }) =>
  feedResponse(props.format, subprocessorScope(props.organization), registerEntriesOf([props.organization]), site);
