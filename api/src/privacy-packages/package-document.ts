// What a privacy-request package is: one JSON document answering an access
// or portability request, the requester's data grouped by category and
// system, beside the facts Art. 15(1) GDPR requires that the product already
// publishes (retention schedule, privacy policy, recipients, rights and
// complaint route), each pinned to the instant the package was sealed.
//
// The zod schemas below are the one source of truth: the API validates with
// them, and `packageJsonSchema()` turns them into the JSON Schema the portal
// publishes (portal/public/schemas/privacy-package-v1.json, written by
// `pnpm privacy-package:schema`; a test fails when the file drifts).
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';

export const PACKAGE_TYPE = 'governance-portal/privacy-package';
export const PACKAGE_SCHEMA_PATH = '/schemas/privacy-package-v1.json';

/** Bounds of what staff supply: a package is a download, not a data warehouse. */
export const PACKAGE_LIMITS = {
  items: 200,
  fieldsPerItem: 500,
  nameLength: 200,
  valueLength: 20_000,
  /** Bytes of the sealed canonical JSON, facts included. */
  totalBytes: 5 * 1024 * 1024,
} as const;

const noNul = (text: string) => !text.includes('\u0000');

const boundedText = (max: number, what: string) =>
  z
    .string({ error: `must be text (${what})` })
    .max(max, `must have at most ${max.toLocaleString('en')} characters`)
    .refine(noNul, 'must not contain NUL characters');

const label = (what: string) => boundedText(PACKAGE_LIMITS.nameLength, what).refine((text) => text.trim() !== '', `is required (${what})`);

/** One item staff supply: the fields one system holds in one category. */
export const packageItemInput = z.strictObject({
  category: label('a data category, such as "Account"'),
  system: label('the system holding it, such as "Billing database"'),
  fields: z
    .array(z.strictObject({ name: label('the field name'), value: boundedText(PACKAGE_LIMITS.valueLength, 'the value') }), {
      error: 'must be a list of { name, value }',
    })
    .min(1, 'must list at least one field')
    .max(PACKAGE_LIMITS.fieldsPerItem, `must list at most ${PACKAGE_LIMITS.fieldsPerItem} fields`),
});

export const packageItemsInput = z
  .array(packageItemInput, { error: 'must be a list of { category, system, fields }' })
  .min(1, 'must list at least one item')
  .max(PACKAGE_LIMITS.items, `must list at most ${PACKAGE_LIMITS.items} items`);

export type PackageItemInput = z.output<typeof packageItemInput>;

const instant = z.iso.datetime({ offset: false });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const fieldSchema = z.strictObject({ name: z.string(), value: z.string() });

const categorySchema = z.strictObject({
  category: z.string(),
  systems: z.array(z.strictObject({ system: z.string(), fields: z.array(fieldSchema) })),
});

const retentionEntrySchema = z.strictObject({
  category: z.string(),
  description: z.string(),
  period: z.string().describe('ISO-8601 duration, or INDEFINITE'),
  periodDescription: z.string(),
  justification: z.string().nullable(),
  trigger: z.string(),
  action: z.enum(['DELETE', 'ANONYMIZE']),
  legalBasis: z.string(),
});

const policySchema = z.strictObject({ title: z.string(), version: z.string(), sha256, url: z.url() });

const recipientSchema = z.strictObject({
  name: z.string().nullable().describe('A named company; null where the organization names only the kind of provider.'),
  category: z.string().nullable(),
  purpose: z.string(),
  role: z.string(),
  dataCategories: z.array(z.string()).nullable().describe('Null: not stated by the organization.'),
  locations: z.array(z.string()).nullable().describe('ISO 3166-1 codes; null: not stated by the organization.'),
});

const contactSchema = z.strictObject({ purpose: z.string(), email: z.string() });

/** The whole package, as sealed. */
export const privacyPackageSchema = z
  .strictObject({
    $schema: z.url(),
    type: z.literal(PACKAGE_TYPE),
    version: z.literal(1),
    reference: z.string(),
    organization: z.strictObject({ slug: z.string(), name: z.string() }),
    jurisdiction: z.string(),
    sealedAt: instant.describe('The instant every fact below is pinned to.'),
    data: z.array(categorySchema).describe('The personal data, grouped by category, then by the system holding it.'),
    retention: z.strictObject({ at: instant, schedule: z.array(retentionEntrySchema) }),
    privacyPolicy: policySchema.nullable().describe('The privacy policy in force at sealedAt; null when the organization publishes none.'),
    recipients: z
      .strictObject({ version: z.string(), effectiveAt: instant, sha256, entries: z.array(recipientSchema) })
      .nullable()
      .describe('The subprocessor register in force at sealedAt; null when the organization publishes none.'),
    rights: z.strictObject({
      statements: z.array(z.string()),
      complaintRoute: z.strictObject({ contacts: z.array(contactSchema), statement: z.string() }),
    }),
  })
  .describe('An answer to a privacy access or portability request: the requester’s data and the facts in force when it was sealed.');

export type PrivacyPackage = z.output<typeof privacyPackageSchema>;
export type PackageCategory = z.output<typeof categorySchema>;

/** The JSON Schema the portal publishes, generated from the schema above. */
export function packageJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(privacyPackageSchema, { target: 'draft-2020-12' });
  // Published at the same path on every deployment; the $id names the path, not one deployment's host.
  return {
    $schema,
    $id: `https://governance-portal.example${PACKAGE_SCHEMA_PATH}`,
    title: 'Privacy request package, version 1',
    ...generated,
  };
}

/** The committed file's text: the schema, pretty-printed, with a final newline. */
export const packageJsonSchemaText = () => `${JSON.stringify(packageJsonSchema(), null, 2)}\n`;

/** Items grouped by category, then system, in the order staff gave them; fields of one group joined. */
export function groupItems(items: readonly PackageItemInput[]): PackageCategory[] {
  const categories = new Map<string, Map<string, { name: string; value: string }[]>>();
  for (const item of items) {
    const category = item.category.trim();
    const system = item.system.trim();
    const systems = categories.get(category) ?? new Map();
    categories.set(category, systems);
    systems.set(system, [...(systems.get(system) ?? []), ...item.fields.map((field) => ({ name: field.name.trim(), value: field.value }))]);
  }
  return [...categories].map(([category, systems]) => ({
    category,
    systems: [...systems].map(([system, fields]) => ({ system, fields })),
  }));
}

/** The sealed bytes: RFC 8785 canonical JSON, whose SHA-256 is the package's hash. */
export function canonicalPackageBytes(document: PrivacyPackage): Buffer {
  return Buffer.from(canonicalize(document) ?? '', 'utf8');
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
