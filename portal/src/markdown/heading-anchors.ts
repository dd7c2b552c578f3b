// Gives every anchored heading of a policy text a link to itself, so a reader
// can copy the address of one section. The link sits beside the heading (in
// a wrapper), not inside it: the heading's text stays exactly the author's,
// for screen readers' heading lists, for search results and for the tests
// that compare it with the Markdown.

/** The part of a Sätteri hast element this plugin reads. */
interface Element {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
}

/** The part of Sätteri's hast visitor context this plugin uses. */
interface VisitorContext {
  textContent(node: Element): string;
  wrapNode(node: Element, parent: Element & { children: unknown[] }): void;
}

export const HEADING_ANCHOR_CLASS = 'heading-anchor';

export const headingAnchorsPlugin = {
  name: 'governance:heading-anchors',
  element: {
    filter: ['h2', 'h3', 'h4', 'h5', 'h6'],
    visit(node: Element, context: VisitorContext): void {
      const id = node.properties?.id;
      if (typeof id !== 'string' || id === '') return;
      const title = context.textContent(node).trim();
      context.wrapNode(node, {
        type: 'element',
        tagName: 'div',
        properties: { className: ['heading-anchored'] },
        children: [
          {
            type: 'element',
            tagName: 'a',
            // The visible "#" is decoration; the name says where the link goes.
            // Search ignores it, so no result excerpt shows a stray "#".
            properties: {
              className: [HEADING_ANCHOR_CLASS],
              href: `#${id}`,
              ariaLabel: `Link to the section “${title}”`,
              dataPagefindIgnore: '',
            },
            children: [{ type: 'text', value: '#' }],
          },
        ],
      });
    },
  },
};
