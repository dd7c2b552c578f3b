// The site-wide feeds of policy versions and subprocessor list versions: feed.xml (Atom) and feed.json (JSON Feed).

import type { FeedFormat } from '@governance/policies/vocabulary/urls';
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadCatalog } from '../lib/catalog.ts';
import { allEntriesOf, FEED_FORMAT_PATHS, feedResponse, siteScope } from '../lib/feeds.ts';

export const getStaticPaths = (() => FEED_FORMAT_PATHS) satisfies GetStaticPaths;

export const GET: APIRoute<{ format: FeedFormat }> = async ({ props, site }) =>
  feedResponse(props.format, siteScope(), allEntriesOf((await loadCatalog()).organizations), site);
