// One Markdown pipeline for policy bodies. The importer stores its HTML and
// section list; the portal plugs `remarkSectionIds` into Astro so both give
// every heading the same anchor.
import type { Root } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { assignSectionIds, type Section } from './section-ids.ts';

export type { Section };

/** Gives each heading its section id (see section-ids.ts) and records the
 * sections in `file.data.sections`. */
export function remarkSectionIds() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    file.data.sections = assignSectionIds(tree);
  };
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkSectionIds).use(remarkRehype).use(rehypeStringify);

export interface RenderedPolicy {
  html: string;
  sections: Section[];
}

export async function renderPolicyMarkdown(markdown: string): Promise<RenderedPolicy> {
  const file = await processor.process(markdown);
  return { html: String(file), sections: (file.data.sections as Section[] | undefined) ?? [] };
}
