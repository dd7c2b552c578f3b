// The policies are published from four source documents (test/fixtures/seeds,
// copies of the originals). Their Markdown must carry every word of the
// source, in order, adding none: only formatting may differ.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { POLICIES_DIR } from '../helpers/policy-files.ts';

const SEEDS = path.resolve(import.meta.dirname, '../fixtures/seeds');

const SOURCES = [
  { seed: '000_547bd364c335d86c.txt', policy: 'leenops/ai-use-and-data-policy/1.0.md', titleIsFirstLine: false },
  { seed: '001_16395ac9da0c3543.txt', policy: 'leenops/terms-of-service/1.0.md', titleIsFirstLine: false },
  { seed: '002_e4850febde328055.txt', policy: 'openleash/privacy-policy/1.0.md', titleIsFirstLine: true },
  { seed: '003_335a35b99d1ad988.txt', policy: 'leandna/data-and-security-policy-for-ai/1.0.md', titleIsFirstLine: true },
];

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The source's words: bullets and PDF page artefacts removed; the changelog
 * table left out, since the portal generates it from the version files. */
function sourceText(seed: string): string {
  const withoutChangelog = seed.split(/^Policy changelog$/m)[0] ?? '';
  return normalise(
    withoutChangelog
      .split('\n')
      .map((line) => line.replace(/^\s*(?:-|●)\s+/, ''))
      .join(' '),
  );
}

/** The Markdown's words: the plain text of every block, in order. */
function markdownText(markdown: string): { title: string; text: string } {
  const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown) ?? [];
  const title = /^title: (.*)$/m.exec(frontmatter)?.[1] ?? '';
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as Root;
  const blocks: string[] = [];
  const collect = (node: RootContent) => {
    if (
      node.type === 'list' ||
      node.type === 'listItem' ||
      node.type === 'table' ||
      node.type === 'tableRow' ||
      node.type === 'blockquote'
    ) {
      for (const child of node.children) collect(child);
    } else {
      blocks.push(mdastToString(node));
    }
  };
  for (const node of tree.children) collect(node);
  return { title, text: normalise(blocks.join(' ')) };
}

describe('the published policies keep their source documents whole', () => {
  for (const source of SOURCES) {
    it(`${source.policy} has every word of ${source.seed}, in order, and no other`, async () => {
      const seed = await readFile(path.join(SEEDS, source.seed), 'utf8');
      const { title, text } = markdownText(await readFile(path.join(POLICIES_DIR, source.policy), 'utf8'));
      const published = source.titleIsFirstLine ? normalise(`${title} ${text}`) : text;
      expect(published).toBe(sourceText(seed));
    });
  }

  it('the LeenOps changelog rows match the version metadata', async () => {
    for (const source of SOURCES.slice(0, 2)) {
      const seed = await readFile(path.join(SEEDS, source.seed), 'utf8');
      const markdown = await readFile(path.join(POLICIES_DIR, source.policy), 'utf8');
      const [, version, date, summary] = /^\| v(\S+) \| (\S+) \| (.+) \|$/m.exec(seed) ?? [];
      expect(markdown).toContain(`version: "${version}"`);
      expect(markdown).toContain(`effective: ${date}`);
      expect(markdown).toContain(`summary: ${summary}`);
    }
  });
});
