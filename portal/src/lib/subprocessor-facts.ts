// How a subprocessor entry reads on the portal: its facts in plain words, in
// the order people read them (who, what for, which data, where, under which
// safeguard), with whatever the source leaves out shown as "Not stated"
// rather than guessed; the list split into the organization's own providers,
// its AI providers, and the AI providers a customer picks with their own key
// (not the organization's subprocessors at all); and a change between two
// versions as rows of before and after. Kept free of Astro imports so it can
// be unit-tested with plain objects.
import type { RegisterChange } from '@governance/policies/subprocessors/changes';
import { countryName, type SubprocessorEntry } from '@governance/policies/subprocessors/schema';

export const NOT_STATED = 'Not stated';

export interface Fact {
  label: string;
  /** One value, or several (data categories, countries) shown as a list. */
  values: string[];
  /** False where the source says nothing; `values` is then `[NOT_STATED]`. */
  stated: boolean;
  href?: string;
}

/** The heading of an entry: the company's name, or the kind of provider where the source names no company. */
export const entryTitle = (entry: SubprocessorEntry) => entry.name ?? entry.category ?? '';

/** Where the source names only the kind of provider (OpenLeash's "email providers"), never a company. */
export const isCategory = (entry: SubprocessorEntry) => entry.name === undefined;

const ROLES: Record<SubprocessorEntry['role'], string> = {
  subprocessor: 'Subprocessor: processes customer data on the organization’s behalf',
  affiliate: 'Affiliate: a company of the same group',
  recipient: 'Recipient: receives data, but not on the organization’s instructions',
};

const YES_NO: Record<'yes' | 'no' | 'unknown', string> = { yes: 'Yes', no: 'No', unknown: NOT_STATED };

const TRAINING: Record<NonNullable<SubprocessorEntry['ai']>['trainsOnCustomerData'], string> = {
  never: 'Never',
  'opt-in': 'Only if the customer opts in',
  'provider-default': 'As the provider’s own terms decide',
  unknown: NOT_STATED,
};

const fact = (label: string, value: string | readonly string[] | undefined, href?: string): Fact => {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  return values.length === 0 || values.every((text) => text === NOT_STATED)
    ? { label, values: [NOT_STATED], stated: false }
    : { label, values, stated: true, ...(href ? { href } : {}) };
};

/** The facts of an entry, the AI facts after the others. */
export function entryFacts(entry: SubprocessorEntry): Fact[] {
  const facts = [
    fact('Website', entry.website, entry.website),
    fact('What they do', entry.purpose),
    fact('Data they receive', entry.dataCategories),
    fact('Where they process it', entry.locations?.map(countryName)),
    fact('Safeguard for transfers abroad', entry.transferBasis),
    fact('Role', ROLES[entry.role]),
  ];
  const { ai } = entry;
  if (!ai) return facts;
  return [
    ...facts,
    fact('Services or models', ai.services),
    fact('Receives customer content', YES_NO[ai.receivesCustomerContent]),
    fact('The model’s developer receives data', YES_NO[ai.modelDeveloperReceivesData]),
    fact('Trains models on customer data', TRAINING[ai.trainsOnCustomerData]),
    fact('How long they keep it', ai.retention),
  ];
}

export type EntryGroupId = 'providers' | 'ai' | 'customer-chosen';

export interface EntryGroup {
  id: EntryGroupId;
  entries: SubprocessorEntry[];
}

/** The groups that have entries, in reading order: service providers, AI providers, then those the customer chooses. */
export function groupEntries(entries: readonly SubprocessorEntry[]): EntryGroup[] {
  const groupOf = (entry: SubprocessorEntry): EntryGroupId =>
    entry.ai?.chosenByCustomer ? 'customer-chosen' : entry.ai ? 'ai' : 'providers';
  const order: EntryGroupId[] = ['providers', 'ai', 'customer-chosen'];
  return order.map((id) => ({ id, entries: entries.filter((entry) => groupOf(entry) === id) })).filter((group) => group.entries.length > 0);
}

export interface ChangedFact {
  label: string;
  before: string;
  after: string;
}

const joined = (facts: readonly Fact[], label: string) =>
  facts.find((candidate) => candidate.label === label)?.values.join(', ') ?? NOT_STATED;

/** For a modified entry: each fact whose words changed, before and after, in reading order. */
export function changedFacts(change: Extract<RegisterChange, { kind: 'modified' }>): ChangedFact[] {
  const before = entryFacts(change.before);
  const after = entryFacts(change.after);
  const labels = [...new Set([...after, ...before].map((candidate) => candidate.label))];
  return labels
    .map((label) => ({ label, before: joined(before, label), after: joined(after, label) }))
    .filter((row) => row.before !== row.after);
}

/** "30 days" in words a reader uses. */
export function noticePeriodInWords(days: number): string {
  return days === 1 ? 'one day' : `${days} days`;
}
