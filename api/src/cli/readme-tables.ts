// pnpm readme:tables: writes the README's error-code and audit-action tables
// from their catalogues (or --check: fails when they differ).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../config.ts';
import { withCatalogueTables } from '../shared/catalogue-tables.ts';
import { parseFlags, runCommand } from './run-command.ts';

const README = path.join(REPOSITORY_ROOT, 'README.md');

await runCommand(async () => {
  const flags = parseFlags(process.argv.slice(2), ['--check'], 'pnpm readme:tables [--check]');
  const committed = await readFile(README, 'utf8');
  const written = withCatalogueTables(committed);
  if (flags.has('--check')) {
    if (committed === written) return 0;
    console.error('The tables in README.md differ from the catalogues in code; run pnpm readme:tables and commit it.');
    return 1;
  }
  await writeFile(README, written);
  console.log('Wrote the error-code and audit-action tables of README.md');
  return 0;
});
