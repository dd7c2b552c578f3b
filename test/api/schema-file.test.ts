import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { printSortedSchema } from '@governance/api/graphql/schema';
import { expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/policy-files.ts';

it('api/schema.graphql matches the schema in code (run pnpm schema:print after changing it)', async () => {
  const committed = await readFile(path.join(REPOSITORY_ROOT, 'api/schema.graphql'), 'utf8');
  expect(committed).toBe(printSortedSchema());
});
