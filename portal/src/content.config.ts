import { defineCollection } from 'astro:content';
import path from 'node:path';
import { organizationSchema, versionFrontmatterSchema } from '@governance/policies/schema';
import { glob } from 'astro/loaders';
import { organizationIdFromPath, versionIdFromPath } from './lib/entry-ids.ts';

// The API reads the policy files from POLICIES_DIR (default: the repository's
// policies/ folder) and passes its environment to the portal build, so both
// publish the same folder.
const POLICIES = process.env.POLICIES_DIR ? path.resolve(process.env.POLICIES_DIR) : '../policies';
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
