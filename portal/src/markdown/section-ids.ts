// Sätteri (Astro 7's Markdown engine) does not run unified plugins, so this
// adapter runs the policies package's own `remarkSectionIds` and hands its
// results to Sätteri: each heading's id, and its text with a pinned `{#id}`
// removed. Reusing that plugin, rather than re-implementing the slugging, is
// what keeps portal anchors equal to the section ids the API serves.
import { remarkSectionIds } from '@governance/policies/render';

type MdastRoot = Parameters<ReturnType<typeof remarkSectionIds>>[0];

/** The part of a Sätteri mdast node this adapter touches. */
interface TreeNode {
  type: string;
  value?: string;
  children?: readonly TreeNode[];
  data?: Record<string, unknown>;
}

/** The part of Sätteri's visitor context this adapter uses. */
interface MutationContext {
  setProperty(node: TreeNode, key: 'data', value: Record<string, unknown> | null): void;
  setProperty(node: TreeNode, key: 'value', value: string): void;
}

export const sectionIdsPlugin = {
  name: 'governance:section-ids',
  before(root: TreeNode, context: MutationContext): void {
    // Sätteri's nodes are read-only views: let the plugin mutate a plain copy,
    // then write back what it changed: heading ids and stripped `{#id}` texts.
    const copy: TreeNode = JSON.parse(JSON.stringify(root));
    remarkSectionIds()(copy as unknown as MdastRoot, { data: {} });
    copyHeadingChanges(root, copy, context, false);
  },
};

function copyHeadingChanges(original: TreeNode, copy: TreeNode, context: MutationContext, inHeading: boolean): void {
  if (original.type === 'heading' && copy.data) context.setProperty(original, 'data', copy.data);
  if (inHeading && original.type === 'text' && copy.value !== undefined && copy.value !== original.value) {
    context.setProperty(original, 'value', copy.value);
  }
  original.children?.forEach((child, index) => {
    const copiedChild = copy.children?.[index];
    if (copiedChild) copyHeadingChanges(child, copiedChild, context, inHeading || original.type === 'heading');
  });
}
