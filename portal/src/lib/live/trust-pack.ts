// The trust pack an organization's reviewers download (/<org>/trust-pack.json):
// the API's `trustPack` at the instant of the request, through the public
// GraphQL API like every live page, so the file always says what the API
// says, including versions that took effect since the last build.
import { graphql, type ResultOf } from '../../dashboard/graphql.ts';

export const TRUST_PACK_DOWNLOAD = graphql(`
  query TrustPackDownload($organization: String!, $at: DateTime!) {
    organization(slug: $organization) {
      slug
      name
      trustPack(at: $at) {
        at
        policies {
          policy { slug title }
          version { version title summary material effectiveAt publishedAt sha256 body }
        }
        changes {
          policy { slug title }
          version { version summary material effectiveAt publishedAt sha256 }
          previousVersion { version }
        }
      }
    }
  }
`);

export type TrustPackDownloadData = ResultOf<typeof TRUST_PACK_DOWNLOAD>;
