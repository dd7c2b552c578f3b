// The redline page built from a real amendment (test/helpers/redline-portal.ts):
// 5 of its 16 sections change. What a reader relies on: the count and jump
// list first, unchanged runs folded into one line each, a renamed heading
// shown as renamed, phrases instead of alternating words, and the textual
// [added: …]/[removed: …] labels on every change.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT } from '../helpers/portal-build.ts';
import { REDLINE_URL, redlinePortal } from '../helpers/redline-portal.ts';

let root: HTMLElement;
beforeAll(async () => {
  const dist = await redlinePortal();
  root = parse(await readFile(path.join(dist, ...REDLINE_URL.split('/').filter(Boolean), 'index.html'), 'utf8'));
}, BUILD_TIMEOUT * 2);

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const CHANGED = [
  '2-accounts-and-workspace-access',
  '8-fees-billing-and-refunds',
  '11-security',
  '13-limitation-of-liability',
  '14-changes-to-these-terms',
];

describe('the redline of a real amendment', () => {
  it('says how many sections changed and links to each changed one from a jump list', () => {
    expect(normalise(root.querySelector('.redline-count')?.textContent ?? '')).toBe('5 of 16 sections changed');
    const links = root.querySelectorAll('nav.redline-jump a');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(CHANGED.map((id) => `#${id}`));
    for (const id of CHANGED) expect(root.querySelector(`section.redline-section h2#${id}`), id).not.toBeNull();
  });

  it('folds each run of unchanged sections into one line with a correct plural, listing their titles', () => {
    const runs = root.querySelectorAll('details.redline-unchanged-run');
    expect(runs.map((run) => normalise(run.querySelector('summary')?.textContent ?? ''))).toEqual([
      '2 unchanged sections',
      '5 unchanged sections',
      '2 unchanged sections',
      '1 unchanged section',
      '1 unchanged section',
    ]);
    expect(runs[1]?.querySelectorAll('li').map((item) => item.textContent)).toEqual([
      '3. Customer data and instructions',
      '4. AI outputs and human review',
      '5. Acceptable use',
      '6. Third-party services',
      '7. Bring-your-own-key model access',
    ]);
    expect(root.querySelectorAll('.redline-section')).toHaveLength(5);
    expect(root.textContent).not.toContain('The text of this section is unchanged');
  });

  it('shows a heading reworded without a pinned id as renamed, with its text diff, not as removed plus added', () => {
    const fees = root.querySelector('h2#8-fees-billing-and-refunds')?.parentNode;
    expect(normalise(fees?.querySelector('h2')?.textContent ?? '')).toBe('8. Fees, billing and refunds (section changed)');
    expect(normalise(fees?.querySelector('.redline-heading-change')?.textContent ?? '')).toBe(
      'Renamed from “8. Fees and billing” to “8. Fees, billing and refunds”.',
    );
    expect(fees?.querySelectorAll('.redline-inline del, .redline-inline ins').map((element) => element.textContent)).toEqual([
      '[removed: non-refundable]',
      '[added: not refundable]',
    ]);
    expect(root.querySelector('.redline-removed, .redline-added')).toBeNull();
  });

  it('shows the reworded clause as one removed phrase then one added phrase, never alternating single words', () => {
    const accounts = root.querySelector('h2#2-accounts-and-workspace-access')?.parentNode;
    expect(accounts?.querySelectorAll('.redline-inline del, .redline-inline ins').map((element) => element.textContent)).toEqual([
      '[removed: suspend or restrict access when activity creates security, legal, operational, or platform-abuse risk]',
      '[added: suspend, restrict, or close access when it reasonably believes that an activity puts the security of the Service at risk, breaks the law, or abuses the platform]',
    ]);
    for (const inline of root.querySelectorAll('.redline-inline')) {
      // Between two changes, an unchanged stretch of at most one word on one line is an alternating fragment.
      const nodes = inline.childNodes;
      const fragments = nodes.filter((node, index) => {
        const marked = (other: (typeof nodes)[number] | undefined) => other?.nodeType === 1;
        const words = node.textContent.split(/\s+/).filter(Boolean).length;
        return (
          node.nodeType === 3 && marked(nodes[index - 1]) && marked(nodes[index + 1]) && words <= 1 && !node.textContent.includes('\n')
        );
      });
      expect(
        fragments.map((node) => node.textContent),
        inline.textContent,
      ).toEqual([]);
    }
  });

  it('renders old and new text side by side for each changed section, each side with its own labels', () => {
    const security = root.querySelector('h2#11-security')?.parentNode;
    const columns = security?.querySelectorAll('.redline-columns .redline-column') ?? [];
    expect(columns.map((column) => normalise(column.querySelector('.redline-column-title')?.textContent ?? ''))).toEqual([
      'Version 1.0',
      'Version 1.1',
    ]);
    expect(columns[0]?.querySelectorAll('ins, del')).toHaveLength(0);
    expect(columns[1]?.querySelectorAll('ins').map((element) => element.textContent)).toEqual([
      '[added:  LeenOps tells affected customers about a security incident that involves their data without undue delay.]',
    ]);
  });
});
