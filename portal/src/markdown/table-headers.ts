// Markdown tables put their header row in <thead> but leave <th> without a
// scope; saying `scope="col"` lets screen readers announce each cell's column.

/** The part of a Sätteri hast element this plugin reads. */
interface Element {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
}

/** The part of Sätteri's hast visitor context this plugin uses. */
interface VisitorContext {
  parent(node: Element): Element | undefined;
  setProperty(node: Element, key: string, value: unknown): void;
}

export const tableHeaderScopePlugin = {
  name: 'governance:table-header-scope',
  element: {
    filter: ['th'],
    visit(node: Element, context: VisitorContext): void {
      if (node.properties?.scope !== undefined) return;
      const row = context.parent(node);
      const section = row ? context.parent(row) : undefined;
      if (section?.tagName === 'thead') context.setProperty(node, 'scope', 'col');
    },
  },
};
