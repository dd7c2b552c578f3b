// What a subprocessor register file (policies/<org>/subprocessors/<version>.yaml)
// may contain: one version of the list of third parties that process the
// organization's customer data. Like a policy version it is announced, takes
// effect on a date, is hash-locked and never edited once published.
import { z } from 'zod';
import { calendarDate, versionNumber } from '../../schema.ts';

const required = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** An ISO 3166-1 alpha-2 country or region code that English names, such as "US" or "DE". */
export const countryCode = z
  .string({ error: 'must be an ISO 3166-1 country code such as "US" or "DE"' })
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 country code such as "US" or "DE" (two capital letters)')
  // User-assigned codes (AA, QM–QZ, XA–XZ, ZZ) name no country, even where Intl has a label for them.
  .refine((code) => !/^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code) && regionNames.of(code) !== code, 'is not an ISO 3166-1 country code');

/** The English name of a country code the schema accepted ("US" → "United States"). */
export function countryName(code: string): string {
  return regionNames.of(code) ?? code;
}

export const SUBPROCESSOR_ROLES = ['subprocessor', 'affiliate', 'recipient'] as const;
export const TRAINING_ON_CUSTOMER_DATA = ['never', 'opt-in', 'provider-default', 'unknown'] as const;
/** A yes/no fact a source may leave open: "unknown" says the source does not state it. */
const yesNoUnknown = z.enum(['yes', 'no', 'unknown'], { error: 'must be yes, no or unknown' });

/** What an AI service (a model provider or a hosted model platform) does with the data. */
export const aiServiceSchema = z.strictObject({
  /** The service or models used, such as "third-party LLMs through AWS Bedrock"; left out when the source names none. */
  services: z
    .array(required('a service or model name'), { error: 'must be a list of services or models' })
    .min(1, 'must name at least one service or model, or be left out')
    .optional(),
  receivesCustomerContent: yesNoUnknown,
  /** Whether the developer of the model (not the platform hosting it) receives any data. */
  modelDeveloperReceivesData: yesNoUnknown,
  trainsOnCustomerData: z.enum(TRAINING_ON_CUSTOMER_DATA, { error: 'must be never, opt-in, provider-default or unknown' }),
  /** How long the provider keeps what it receives, as the source states it. */
  retention: z.string().trim().min(1, 'must not be empty').optional(),
  /** Bring-your-own-key providers: the customer picks them and they work under the customer's own agreement. */
  chosenByCustomer: z.boolean({ error: 'is required: true or false' }),
});

/**
 * One third party. `name` for a named company; `category` where the source
 * names only the kind of provider ("email providers"), so no vendor is ever
 * invented. Facts the source does not state (website, data categories,
 * locations, transfer basis) are left out rather than guessed, and shown as
 * "not stated".
 */
export const subprocessorEntrySchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').optional(),
    category: z.string().trim().min(1, 'must not be empty').optional(),
    website: z.url('must be an absolute URL').optional(),
    purpose: required('what the third party does with the data'),
    dataCategories: z
      .array(required('a data category'), { error: 'must be a list of data categories' })
      .min(1, 'must list at least one data category, or be left out')
      .optional(),
    locations: z
      .array(countryCode, { error: 'must be a list of ISO 3166-1 country codes' })
      .min(1, 'must list at least one location, or be left out')
      .optional(),
    transferBasis: z.string().trim().min(1, 'must not be empty').optional(),
    role: z.enum(SUBPROCESSOR_ROLES, { error: 'must be subprocessor, affiliate or recipient' }),
    ai: aiServiceSchema.optional(),
  })
  .refine((entry) => (entry.name === undefined) !== (entry.category === undefined), {
    message: 'give exactly one of name (a named company) or category (a kind of provider the source does not name)',
    path: ['name'],
  });

export const subprocessorRegisterSchema = z
  .strictObject({
    version: versionNumber,
    /** When the list was made public, starting the notice period. */
    announced: calendarDate,
    effective: calendarDate,
    summary: required('one changelog line'),
    entries: z.array(subprocessorEntrySchema, { error: 'must be a list of third parties' }),
  })
  .refine((register) => register.announced <= register.effective, { message: 'must not be after effective', path: ['announced'] })
  .superRefine((register, context) => {
    const seen = new Set<string>();
    register.entries.forEach((entry, index) => {
      const key = entryKey(entry);
      if (seen.has(key))
        context.addIssue({ code: 'custom', message: `duplicate entry ${key}`, path: ['entries', index, entry.name ? 'name' : 'category'] });
      seen.add(key);
    });
  });

export type SubprocessorRegisterFile = z.output<typeof subprocessorRegisterSchema>;
export type SubprocessorEntry = z.output<typeof subprocessorEntrySchema>;

/** What identifies an entry across versions: its name, or its category when it has no name. */
export function entryKey(entry: Pick<SubprocessorEntry, 'name' | 'category'>): string {
  return entry.name ?? `category: ${entry.category}`;
}
