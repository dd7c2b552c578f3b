// Splits a policy body into its sections: each heading with the Markdown that
// follows it up to the next heading. Ids are the anchors the portal and the
// API use (section-ids.ts), so a diff can match sections across versions.
import type { Heading } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { assignSectionIds } from './section-ids.ts';

/** Id of the text before the first heading. Generated ids are never empty, so it cannot clash. */
export const PREAMBLE_ID = '';

export interface TextSection {
  id: string;
  /** The heading's visible text; empty for the preamble. */
  title: string;
  /** 2 for `##`, 3 for `###`; 0 for the preamble. */
  level: number;
  /** The Markdown between this heading and the next, without surrounding blank lines. */
  text: string;
}

const parser = unified().use(remarkParse).use(remarkGfm);

export function splitSections(markdown: string): TextSection[] {
  const tree = parser.parse(markdown);
  const headings: Heading[] = [];
  visit(tree, 'heading', (heading: Heading) => {
    headings.push(heading);
  });
  const ids = assignSectionIds(tree);
  const sections: TextSection[] = [];
  const firstStart = headings[0]?.position?.start.offset ?? markdown.length;
  const preamble = trimBlankLines(markdown.slice(0, firstStart));
  if (preamble !== '') sections.push({ id: PREAMBLE_ID, title: '', level: 0, text: preamble });
  headings.forEach((heading, index) => {
    const section = ids[index];
    if (!section) throw new Error('every heading has a section id');
    const start = heading.position?.end.offset ?? 0;
    const end = headings[index + 1]?.position?.start.offset ?? markdown.length;
    sections.push({ ...section, text: trimBlankLines(markdown.slice(start, end)) });
  });
  return sections;
}

function trimBlankLines(text: string): string {
  return text.replace(/^\s*\n/, '').trimEnd();
}
