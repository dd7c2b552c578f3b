// pnpm schema:print: writes api/schema.graphql from the code (or --check: fails when it differs).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../config.ts';
import { printSortedSchema } from '../graphql/schema.ts';
import { parseFlags, runCommand } from './run-command.ts';

export const SCHEMA_FILE = path.join(REPOSITORY_ROOT, 'api/schema.graphql');

await runCommand(async () => {
  const flags = parseFlags(process.argv.slice(2), ['--check'], 'pnpm schema:print [--check]');
  const printed = printSortedSchema();
  if (flags.has('--check')) {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (committed === printed) return 0;
    console.error('api/schema.graphql differs from the schema in code; run pnpm schema:print and commit it.');
    return 1;
  }
  await writeFile(SCHEMA_FILE, printed);
  console.log('Wrote api/schema.graphql');
  return 0;
});
