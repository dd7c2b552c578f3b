import type { MarkdownHeading } from 'astro';

export interface OutlineEntry {
  heading: MarkdownHeading;
  children: OutlineEntry[];
}

/** Turns the flat heading list into a tree, so the table of contents can nest
 * `###` sections under their `##`. */
export function nestHeadings(headings: readonly MarkdownHeading[]): OutlineEntry[] {
  const root: OutlineEntry[] = [];
  const open: OutlineEntry[] = [];
  for (const heading of headings) {
    const entry: OutlineEntry = { heading, children: [] };
    while (open.length > 0 && (open.at(-1)?.heading.depth ?? 0) >= heading.depth) open.pop();
    (open.at(-1)?.children ?? root).push(entry);
    open.push(entry);
  }
  return root;
}

/** The page prints the title as the only h1, so a body must start at `##` and
 * may only go one level deeper at a time. Failing the build here beats
 * publishing a page whose outline screen readers cannot follow. */
export function assertBodyOutline(headings: readonly MarkdownHeading[], file: string): void {
  let previous = 1;
  for (const heading of headings) {
    if (heading.depth < 2 || heading.depth > previous + 1) {
      const expected =
        heading.depth < 2 ? 'the page title is the only h1; use ## for top-level sections' : `it follows a level-${previous} heading`;
      throw new Error(`${file}: heading "${heading.text}" is level ${heading.depth}, but ${expected}`);
    }
    previous = heading.depth;
  }
}
