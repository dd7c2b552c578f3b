// One Markdown pipeline for policy bodies. The importer stores its HTML and
// section list; the portal plugs `remarkSectionIds` into Astro so both give
// every heading the same anchor.
import GithubSlugger from 'github-slugger';
import type { Heading, Root } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export interface Section {
  id: string;
  title: string;
  level: number;
}

/** Gives each heading an id slugged from its text (as GitHub does), unique
 * within the document, and records the sections in `file.data.sections`. */
export function remarkSectionIds() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    const slugger = new GithubSlugger();
    const sections: Section[] = [];
    visit(tree, 'heading', (heading: Heading) => {
      const title = mdastToString(heading).trim();
      const id = slugger.slug(title);
      heading.data = { ...heading.data, hProperties: { ...heading.data?.hProperties, id } };
      sections.push({ id, title, level: heading.depth });
    });
    file.data.sections = sections;
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
