// The one place that decides a heading's anchor, used by the importer (and so
// the API), the portal and the diff. An id comes from the heading text, slugged
// as GitHub does, unless the author pins it: `## Payment terms {#fees}`. A
// pinned id survives a reworded heading, so links and redlines keep matching.
import GithubSlugger from 'github-slugger';
import type { Heading, Root, Text } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

export interface Section {
  id: string;
  title: string;
  level: number;
}

/** `{#id}` at the very end of a heading; ids are lower-case slugs, so they never clash with generated ones by accident. */
const PINNED_ID = /[ \t]*\{#(?<id>[a-z0-9]+(?:-[a-z0-9]+)*)\}[ \t]*$/;

/**
 * Gives every heading of `tree` its id (in `data.hProperties.id`), strips a
 * pinned `{#id}` from the visible text, and returns the sections in order.
 * Ids are unique within the document: a repeated one gets `-1`, `-2`, ….
 */
export function assignSectionIds(tree: Root): Section[] {
  const slugger = new GithubSlugger();
  const sections: Section[] = [];
  visit(tree, 'heading', (heading: Heading) => {
    const pinned = takePinnedId(heading);
    const title = mdastToString(heading).trim();
    // Slugging a pinned id returns it unchanged (it is already a slug) and
    // reserves it, so a later heading with the same text cannot take it.
    const id = slugger.slug(pinned ?? title);
    heading.data = { ...heading.data, hProperties: { ...heading.data?.hProperties, id } };
    sections.push({ id, title, level: heading.depth });
  });
  return sections;
}

/** Removes a trailing `{#id}` from the heading's last text and returns the id. */
function takePinnedId(heading: Heading): string | undefined {
  const last = heading.children.at(-1);
  if (last?.type !== 'text') return undefined;
  const match = PINNED_ID.exec(last.value);
  const id = match?.groups?.id;
  if (!match || id === undefined) return undefined;
  (last as Text).value = last.value.slice(0, match.index);
  return id;
}
