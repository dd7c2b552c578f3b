// Configures Astro's Markdown processor for policy texts. Astro 7 expects
// integrations to extend the processor by mutating `processor.options`, which
// also reaches .mdx files (the MDX integration reuses the same processor).
import type { AstroIntegration } from 'astro';
import { headingAnchorsPlugin } from '../markdown/heading-anchors.ts';
import { sectionIdsPlugin } from '../markdown/section-ids.ts';
import { tableHeaderScopePlugin } from '../markdown/table-headers.ts';

interface SatteriOptions {
  mdastPlugins: unknown[];
  hastPlugins: unknown[];
  features: Record<string, unknown>;
}

function isSatteriOptions(options: object): options is SatteriOptions {
  return (
    'mdastPlugins' in options &&
    Array.isArray(options.mdastPlugins) &&
    'hastPlugins' in options &&
    Array.isArray(options.hastPlugins) &&
    'features' in options &&
    typeof options.features === 'object'
  );
}

export default function policyMarkdown(): AstroIntegration {
  return {
    name: 'governance:policy-markdown',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const { processor } = config.markdown;
        if (processor.name !== 'satteri' || !isSatteriOptions(processor.options)) {
          throw new Error(
            `The portal expects Astro's default Sätteri Markdown processor, but markdown.processor is "${processor.name}". ` +
              'Section anchors and their links, verbatim punctuation and table header scopes are configured for Sätteri only.',
          );
        }
        // The published text must be exactly the author's characters, so no
        // curly quotes, dashes or ellipses may be substituted.
        processor.options.features.smartPunctuation = false;
        // A dev-server restart hands the same options object back.
        if (!processor.options.mdastPlugins.includes(sectionIdsPlugin)) processor.options.mdastPlugins.push(sectionIdsPlugin);
        if (!processor.options.hastPlugins.includes(tableHeaderScopePlugin)) processor.options.hastPlugins.push(tableHeaderScopePlugin);
        if (!processor.options.hastPlugins.includes(headingAnchorsPlugin)) processor.options.hastPlugins.push(headingAnchorsPlugin);
      },
    },
  };
}
