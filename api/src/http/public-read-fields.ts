// Which GraphQL documents are public reads whose answer may be kept: every
// field they select is on this explicit list. A listed field reads only the
// published policies and their organizations, so its answer changes only
// when a policy sync commits or when a version is published or takes effect
// (the instants the cache expires at). Anything else — per-person state such
// as a request status by token, staff-editable settings such as the retention
// schedule, audit, `node` — is left off, and a field added to a listed type
// later stays uncached until someone adds it here knowing that rule.
import { type DocumentNode, getNamedType, Kind, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { schema } from '../graphql/schema.ts';

const PUBLIC_READ_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Query: new Set(['organizations', 'organization', 'policy']),
  Organization: new Set(['contacts', 'id', 'name', 'policies', 'slug', 'trustPack', 'website']),
  Contact: new Set(['email', 'purpose']),
  Policy: new Set([
    'changelog',
    'currentVersion',
    'diff',
    'id',
    'organization',
    'slug',
    'title',
    'upcomingVersion',
    'version',
    'versionAt',
    'versions',
  ]),
  PolicyVersion: new Set([
    'body',
    'effectiveAt',
    'html',
    'id',
    'material',
    'publishedAt',
    'sections',
    'sha256',
    'summary',
    'title',
    'version',
  ]),
  PolicyVersionsConnection: new Set(['edges', 'pageInfo']),
  PolicyVersionsConnectionEdge: new Set(['cursor', 'node']),
  PageInfo: new Set(['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']),
  ChangelogEntry: new Set(['effectiveAt', 'material', 'publishedAt', 'summary', 'version']),
  Section: new Set(['id', 'level', 'title']),
  PolicyDiff: new Set(['from', 'sections', 'to', 'totals']),
  SectionDiff: new Set(['change', 'hunks', 'level', 'previousTitle', 'sectionId', 'title']),
  DiffHunk: new Set(['kind', 'text']),
  DiffTotals: new Set([
    'sectionsAdded',
    'sectionsModified',
    'sectionsMoved',
    'sectionsRemoved',
    'sectionsUnchanged',
    'wordsDeleted',
    'wordsInserted',
  ]),
  TrustPack: new Set(['at', 'changes', 'changesSince', 'organization', 'policies']),
  TrustPackEntry: new Set(['policy', 'version']),
  TrustPackChange: new Set(['policy', 'previousVersion', 'version']),
};

/**
 * Whether `query` parses to queries (no mutation or subscription) whose every
 * field, in every operation and fragment, is a listed public read. Whether it
 * is valid is Yoga's to say: an invalid one is answered with errors, and
 * answers with errors are never kept.
 */
export function isPublicReadDocument(query: string): boolean {
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true, maxTokens: 2000 });
  } catch {
    return false;
  }
  const hasOnlyQueries = document.definitions.every(
    (definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION || (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'query'),
  );
  if (!hasOnlyQueries) return false;
  const typeInfo = new TypeInfo(schema);
  let everyFieldListed = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        const listed = parent ? PUBLIC_READ_FIELDS[getNamedType(parent).name] : undefined;
        if (!listed?.has(node.name.value)) everyFieldListed = false;
      },
    }),
  );
  return everyFieldListed;
}
