// The redline's text diff reads as phrases: a reworded clause is its old
// words, then its new ones, never alternating one-word fragments; small edits
// stay small; and the hunks still rebuild both texts exactly.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type DiffHunk, diffPhrases } from '@governance/policies/phrases';
import { readPolicyRepository } from '@governance/policies/repository';
import { describe, expect, it } from 'vitest';
import { POLICIES_DIR } from '../helpers/policy-files.ts';

const SEEDS = path.resolve(import.meta.dirname, '../fixtures/seeds');
const SEED_OF: Record<string, string> = {
  'leenops/ai-use-and-data-policy': '000_547bd364c335d86c.txt',
  'leenops/terms-of-service': '001_16395ac9da0c3543.txt',
  'openleash/privacy-policy': '002_e4850febde328055.txt',
  'leandna/data-and-security-policy-for-ai': '003_335a35b99d1ad988.txt',
};

const changes = (hunks: DiffHunk[]) => hunks.filter((hunk) => hunk.kind !== 'EQUAL');
const rebuilt = (hunks: DiffHunk[], side: 'old' | 'new') =>
  hunks
    .filter((hunk) => hunk.kind === 'EQUAL' || hunk.kind === (side === 'new' ? 'INSERT' : 'DELETE'))
    .map((hunk) => hunk.text)
    .join('');

/** Unchanged stretches of at most one word, on one line, between two changes: what makes a redline unreadable. */
function alternatingFragments(hunks: DiffHunk[]): string[] {
  return hunks.flatMap((hunk, index) => {
    const before = hunks[index - 1];
    const after = hunks[index + 1];
    const between = hunk.kind === 'EQUAL' && before && after && before.kind !== 'EQUAL' && after.kind !== 'EQUAL';
    return between && !hunk.text.includes('\n') && hunk.text.trim().split(/\s+/).filter(Boolean).length <= 1 ? [hunk.text] : [];
  });
}

describe('diffPhrases on hand-made edits', () => {
  it('shows a reworded clause as the whole old clause, then the whole new one', () => {
    const { hunks } = diffPhrases(
      'LeenOps may suspend or restrict access when activity creates security, legal, operational, or platform-abuse risk.',
      'LeenOps may suspend, restrict, or close access when it reasonably believes that an activity puts the security of the Service at risk, breaks the law, or abuses the platform.',
    );
    expect(hunks).toEqual([
      { kind: 'EQUAL', text: 'LeenOps may ' },
      { kind: 'DELETE', text: 'suspend or restrict access when activity creates security, legal, operational, or platform-abuse risk' },
      {
        kind: 'INSERT',
        text: 'suspend, restrict, or close access when it reasonably believes that an activity puts the security of the Service at risk, breaks the law, or abuses the platform',
      },
      { kind: 'EQUAL', text: '.' },
    ]);
  });

  it('keeps a one-word change to that word, with the text around it unchanged', () => {
    const { hunks, wordsInserted, wordsDeleted } = diffPhrases(
      'limited to the fees paid during the three months before the event',
      'limited to the fees paid during the twelve months before the event',
    );
    expect(changes(hunks)).toEqual([
      { kind: 'DELETE', text: 'three' },
      { kind: 'INSERT', text: 'twelve' },
    ]);
    expect([wordsInserted, wordsDeleted]).toEqual([1, 1]);
  });

  it('shows an inserted sentence as one insertion', () => {
    const { hunks } = diffPhrases(
      'No online service can guarantee absolute security. Customers configure access controls.',
      'No online service can guarantee absolute security. LeenOps tells affected customers about an incident without undue delay. Customers configure access controls.',
    );
    expect(changes(hunks)).toEqual([{ kind: 'INSERT', text: 'LeenOps tells affected customers about an incident without undue delay. ' }]);
  });

  it('shows an added paragraph as one insertion and a removed paragraph as one deletion', () => {
    const first = 'LeenOps may update these Terms from time to time.';
    const second = "For a material change, LeenOps gives at least 30 days' notice.";
    expect(changes(diffPhrases(first, `${first}\n\n${second}`).hunks)).toEqual([{ kind: 'INSERT', text: `\n\n${second}` }]);
    expect(changes(diffPhrases(`${first}\n\n${second}`, first).hunks)).toEqual([{ kind: 'DELETE', text: `\n\n${second}` }]);
  });

  it('widens a change inside a hyphenated word to the whole word', () => {
    const { hunks } = diffPhrases('fees are non-refundable except', 'fees are not refundable except');
    expect(changes(hunks)).toEqual([
      { kind: 'DELETE', text: 'non-refundable' },
      { kind: 'INSERT', text: 'not refundable' },
    ]);
  });

  it('never folds changes across a line break, so each list item keeps its own change', () => {
    const { hunks } = diffPhrases('- Keep credentials secure.\n- Assign roles.', '- Keep passwords secure.\n- Assign user roles.');
    expect(changes(hunks)).toEqual([
      { kind: 'DELETE', text: 'credentials' },
      { kind: 'INSERT', text: 'passwords' },
      { kind: 'INSERT', text: 'user ' },
    ]);
  });

  it('leaves a long unchanged stretch between two small changes alone', () => {
    const { hunks } = diffPhrases(
      'Customers must notify LeenOps of suspected unauthorized access to a workspace within 30 days.',
      'Customers must tell LeenOps of suspected unauthorized access to a workspace within 14 days.',
    );
    expect(changes(hunks).map((hunk) => hunk.text)).toEqual(['notify', 'tell', '30', '14']);
  });
});

describe('diffPhrases on the real documents', async () => {
  // Each shipped policy against the source document it was made from: real
  // text with real, scattered edits (bullets, headings, PDF line breaks).
  const repository = await readPolicyRepository(POLICIES_DIR);
  const pairs = await Promise.all(
    Object.entries(SEED_OF).map(async ([policy, seed]) => {
      const version = repository.versions.find((candidate) => `${candidate.organization}/${candidate.policy}` === policy);
      if (!version) throw new Error(`no shipped version of ${policy}`);
      return { policy, seed: await readFile(path.join(SEEDS, seed), 'utf8'), body: version.body };
    }),
  );

  it.each(pairs)('rebuilds both texts of $policy exactly and leaves no alternating one-word fragments', ({ seed, body }) => {
    const { hunks } = diffPhrases(seed, body);
    expect(rebuilt(hunks, 'old')).toBe(seed);
    expect(rebuilt(hunks, 'new')).toBe(body);
    expect(changes(hunks).length).toBeGreaterThan(0);
    expect(alternatingFragments(hunks)).toEqual([]);
    expect(hunks.every((hunk) => hunk.text !== '')).toBe(true);
  });

  it.each(pairs)('gives the same hunks on every run for $policy', ({ seed, body }) => {
    expect(diffPhrases(seed, body)).toEqual(diffPhrases(seed, body));
  });
});
