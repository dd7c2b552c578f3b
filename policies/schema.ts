// The one definition of what a policy file may contain. The portal's content
// collection and the importer both validate with these schemas, so a file
// the portal accepts is a file the API accepts.
import { z } from 'zod';
import { SLUG_PATTERN } from './src/vocabulary/urls.ts';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as `YYYY-MM-DD`. YAML loaders that turn dates into `Date`
 * objects (Astro's does) are accepted and brought back to the string form. */
export const calendarDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .regex(DATE_PATTERN, 'must be a date written YYYY-MM-DD')
    .refine((value) => {
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
    }, 'is not a real calendar date'),
);

/** Versions are dotted numbers ("1.0", "2.1.3") so they sort and compare. */
export const versionNumber = z
  .string({ error: 'must be a quoted string such as "1.0"' })
  .regex(/^\d+(\.\d+)*$/, 'must be dotted numbers such as "1.0" or "2.1"');

export const slug = z.string().regex(SLUG_PATTERN, 'must be a lower-case slug such as "terms-of-service"');

export const contactSchema = z.strictObject({
  purpose: z.string().min(1, 'is required'),
  email: z.email('must be an email address'),
});

export const organizationSchema = z.strictObject({
  name: z.string({ error: 'is required' }).min(1, 'is required'),
  website: z.url('must be an absolute URL').optional(),
  /** Only addresses the organization has published; may be empty (LeanDNA's
   * policy names none, and we never invent one). */
  contacts: z.array(contactSchema, { error: 'must be a list of {purpose, email}' }).default([]),
  /** Days between publishing a material change and it taking effect. */
  noticePeriodDays: z.number().int().min(0).default(30),
  /** Days between announcing a new or changed subprocessor and it taking effect (GDPR Art. 28(2)). */
  subprocessorNoticeDays: z.number().int().min(0).default(30),
  /** Staff must record proof of the requester's identity before releasing a copy of their data: a
   * "reasonably high degree of certainty" (CCPA regulations §7062) for specific pieces of information. */
  packageIdentityProofRequired: z.boolean({ error: 'must be true or false' }).default(false),
});

export const versionFrontmatterSchema = z
  .strictObject({
    title: z.string({ error: 'is required' }).min(1, 'is required'),
    version: versionNumber,
    effective: calendarDate,
    /** When the text was made public; defaults to the effective date. */
    published: calendarDate.optional(),
    summary: z.string({ error: 'is required (one changelog line)' }).min(1, 'is required (one changelog line)'),
    material: z.boolean({ error: 'is required: true or false' }),
  })
  .transform((data) => ({ ...data, published: data.published ?? data.effective }))
  .refine((data) => data.published <= data.effective, {
    message: 'published must not be after effective',
    path: ['published'],
  });

/** An ISO-8601 duration (P30D, P24M, P1Y6M, PT12H; whole numbers) or INDEFINITE. The API computes with it
 * (api/src/retention/duration.ts); this checks its form. */
export const retentionPeriod = z
  .string({ error: 'must be an ISO-8601 duration such as P30D, P24M or P1Y6M, or INDEFINITE' })
  .regex(
    /^(INDEFINITE|P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?)$/,
    'must be an ISO-8601 duration such as P30D, P24M or P1Y6M (whole numbers), or INDEFINITE',
  )
  .refine((period) => period === 'INDEFINITE' || /[1-9]/.test(period), 'must be longer than zero');

/** One data category of policies/<org>/retention.yaml: loaded as version 1 of its setting. */
export const retentionSettingSchema = z
  .strictObject({
    category: slug,
    description: z.string({ error: 'is required' }).min(1, 'is required'),
    period: retentionPeriod,
    /** Why data is kept indefinitely; required with INDEFINITE. */
    justification: z.string().min(1, 'must not be empty').optional(),
    /** What starts the clock, e.g. "request closed". */
    trigger: z.string({ error: 'is required' }).min(1, 'is required'),
    action: z.enum(['DELETE', 'ANONYMIZE'], { error: 'must be DELETE or ANONYMIZE' }),
    legalBasis: z.string({ error: 'is required' }).min(1, 'is required'),
    public: z.boolean({ error: 'is required: true or false' }),
  })
  .refine((setting) => setting.period !== 'INDEFINITE' || setting.justification !== undefined, {
    message: 'is required when the period is INDEFINITE',
    path: ['justification'],
  });

/** policies/<org>/retention.yaml: an organization's initial retention settings. */
export const retentionFileSchema = z
  .strictObject({
    settings: z.array(retentionSettingSchema, { error: 'must be a list of settings' }).min(1, 'must list at least one setting'),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.settings.forEach((setting, index) => {
      if (seen.has(setting.category)) {
        context.addIssue({ code: 'custom', message: `duplicate category ${setting.category}`, path: ['settings', index, 'category'] });
      }
      seen.add(setting.category);
    });
  });

export type RetentionFile = z.output<typeof retentionFileSchema>;
export type RetentionSettingFile = z.output<typeof retentionSettingSchema>;

export type OrganizationFile = z.output<typeof organizationSchema>;
export type VersionFrontmatter = z.output<typeof versionFrontmatterSchema>;
export type Contact = z.output<typeof contactSchema>;

/** Compares dotted version numbers numerically: "1.10" comes after "1.9". */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
