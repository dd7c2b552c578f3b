import { defineCollection } from 'astro:content';
import { organizationSchema, versionFrontmatterSchema } from '@governance/policies/schema';
import { glob } from 'astro/loaders';
import { organizationIdFromPath, versionIdFromPath } from './lib/entry-ids.ts';
import { POLICIES_DIR as POLICIES } from './lib/policies-dir.ts';

// policies/ also holds the package's code and dependencies; only its data folders are content.
const NOT_CONTENT = ['!node_modules/**', '!src/**'];

const organizations = defineCollection({
  loader: glob({
    base: POLICIES,
    pattern: ['*/organization.yaml', ...NOT_CONTENT],
    generateId: ({ entry }) => organizationIdFromPath(entry),
  }),
  schema: organizationSchema,
});

const versions = defineCollection({
  loader: glob({
    base: POLICIES,
    pattern: ['*/*/*.{md,mdx}', ...NOT_CONTENT],
    generateId: ({ entry }) => versionIdFromPath(entry),
  }),
  schema: versionFrontmatterSchema,
});

export const collections = { organizations, versions };
