// Sätteri (Astro 7's Markdown engine) does not run unified plugins, so this
// adapter runs the policies package's own `remarkSectionIds` and hands its
// heading ids to Sätteri. Reusing that plugin, rather than re-implementing the
// slugging, is what keeps portal anchors equal to the section ids the API serves.
import { remarkSectionIds } from '@governance/policies/render';

type MdastRoot = Parameters<ReturnType<typeof remarkSectionIds>>[0];

/** The part of a Sätteri mdast node this adapter touches. */
interface TreeNode {
  type: string;
  children?: readonly TreeNode[];
  data?: Record<string, unknown>;
}

/** The part of Sätteri's visitor context this adapter uses. */
interface MutationContext {
  setProperty(node: TreeNode, key: 'data', value: Record<string, unknown> | null): void;
}

export const sectionIdsPlugin = {
  name: 'governance:section-ids',
  before(root: TreeNode, context: MutationContext): void {
    // Sätteri's nodes are read-only views: let the plugin mutate a plain copy,
    // then write each heading's resulting `data.hProperties.id` back.
    const copy: TreeNode = JSON.parse(JSON.stringify(root));
    remarkSectionIds()(copy as unknown as MdastRoot, { data: {} });
    copyHeadingData(root, copy, context);
  },
};

function copyHeadingData(original: TreeNode, copy: TreeNode, context: MutationContext): void {
  if (original.type === 'heading' && copy.data) context.setProperty(original, 'data', copy.data);
  original.children?.forEach((child, index) => {
    const copiedChild = copy.children?.[index];
    if (copiedChild) copyHeadingData(child, copiedChild, context);
  });
}
