// `Policy.diff`: what changed between two versions, section by section, in
// phrases (policies/src/diff.ts, which the portal's redlines use too). Public
// like the versions it compares.
import type { DiffHunk, DiffTotals, SectionDiff } from '@governance/policies/diff';
import { builder } from '../graphql/builder.ts';
import { PolicyRef, PolicyVersionRef } from './policies.schema.ts';
import * as service from './policies.service.ts';

const PUBLIC = { public: true } as const;

const SectionChangeEnum = builder.enumType('SectionChange', {
  description: 'How a section (matched by id) differs between the two versions.',
  values: {
    ADDED: { description: 'Only in the newer version.' },
    REMOVED: { description: 'Only in the older version.' },
    MODIFIED: { description: 'Its heading or text changed (it may also have moved).' },
    MOVED: { description: 'Same heading and text, at another place among the other sections.' },
    UNCHANGED: { description: 'Same heading, text and place.' },
  } as const,
});

const DiffHunkKindEnum = builder.enumType('DiffHunkKind', {
  values: ['EQUAL', 'INSERT', 'DELETE'] as const,
});

const DiffHunkRef = builder.objectRef<DiffHunk>('DiffHunk').implement({
  description: 'A run of text: EQUAL and INSERT runs make the newer text, EQUAL and DELETE runs the older.',
  authScopes: PUBLIC,
  fields: (t) => ({
    kind: t.field({ type: DiffHunkKindEnum, resolve: (hunk) => hunk.kind }),
    text: t.exposeString('text', { description: 'Canonical Markdown, whitespace included.' }),
  }),
});

const SectionDiffRef = builder.objectRef<SectionDiff>('SectionDiff').implement({
  authScopes: PUBLIC,
  fields: (t) => ({
    sectionId: t.exposeString('sectionId', { description: 'The section anchor; empty for the text before the first heading.' }),
    title: t.exposeString('title', { description: 'The heading in the newer version (in the older one for a removed section).' }),
    previousTitle: t.exposeString('previousTitle', {
      nullable: true,
      description:
        'The older heading, when the section was renamed: it kept its pinned id, or an old section of the same level matched it by place and text.',
    }),
    level: t.exposeInt('level', { description: '2 for a section, 3 for a subsection, 0 for the text before the first heading.' }),
    change: t.field({ type: SectionChangeEnum, resolve: (section) => section.change }),
    hunks: t.field({ type: [DiffHunkRef], resolve: (section) => section.hunks }),
  }),
});

const DiffTotalsRef = builder.objectRef<DiffTotals>('DiffTotals').implement({
  authScopes: PUBLIC,
  fields: (t) => ({
    sectionsAdded: t.exposeInt('sectionsAdded'),
    sectionsRemoved: t.exposeInt('sectionsRemoved'),
    sectionsModified: t.exposeInt('sectionsModified'),
    sectionsMoved: t.exposeInt('sectionsMoved'),
    sectionsUnchanged: t.exposeInt('sectionsUnchanged'),
    wordsInserted: t.exposeInt('wordsInserted'),
    wordsDeleted: t.exposeInt('wordsDeleted'),
  }),
});

const PolicyDiffRef = builder.objectRef<service.PolicyDiff>('PolicyDiff').implement({
  description: 'A comparison of two versions, organised by section; changed words are grouped into phrases (old words, then new).',
  authScopes: PUBLIC,
  fields: (t) => ({
    from: t.field({ type: PolicyVersionRef, resolve: (diff) => diff.from }),
    to: t.field({ type: PolicyVersionRef, resolve: (diff) => diff.to }),
    sections: t.field({ type: [SectionDiffRef], resolve: (diff) => diff.sections }),
    totals: t.field({ type: DiffTotalsRef, resolve: (diff) => diff.totals }),
  }),
});

builder.objectFields(PolicyRef, (t) => ({
  diff: t.field({
    type: PolicyDiffRef,
    description: 'What changed from one published version to another; fails with VERSION_NOT_FOUND naming the unknown argument.',
    args: {
      from: t.arg.string({ required: true, description: 'The older version number, e.g. "1.0".' }),
      to: t.arg.string({ required: true, description: 'The newer version number, e.g. "1.1".' }),
    },
    resolve: (policy, args, context) => service.diffVersions(context.useCases, policy.id, args.from, args.to),
  }),
  upcomingVersion: t.field({
    type: PolicyVersionRef,
    nullable: true,
    description: 'The earliest published version that has not taken effect yet (a pending change); null when none is scheduled.',
    resolve: (policy, _args, context) => service.upcomingVersionOf(context.useCases, policy.id),
  }),
}));
