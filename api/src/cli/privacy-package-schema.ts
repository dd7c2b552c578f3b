// pnpm privacy-package:schema: writes the JSON Schema of privacy-request
// packages, generated from the zod schema the API seals them with
// (privacy-packages/package-document.ts), to the portal's static files
// (portal/public/schemas/privacy-package-v1.json); --check fails when it differs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { REPOSITORY_ROOT } from '../config.ts';
import { PACKAGE_SCHEMA_PATH, packageJsonSchemaText } from '../privacy-packages/package-document.ts';
import { parseFlags, runCommand } from './run-command.ts';

export const PACKAGE_SCHEMA_FILE = path.join(REPOSITORY_ROOT, 'portal/public', PACKAGE_SCHEMA_PATH);

await runCommand(async () => {
  const flags = parseFlags(process.argv.slice(2), ['--check'], 'pnpm privacy-package:schema [--check]');
  const text = packageJsonSchemaText();
  if (flags.has('--check')) {
    // Compared as JSON: the formatter lays the committed file out its own way.
    const committed = await readFile(PACKAGE_SCHEMA_FILE, 'utf8').catch(() => 'null');
    if (isDeepStrictEqual(JSON.parse(committed), JSON.parse(text))) return 0;
    console.error(
      `${path.relative(REPOSITORY_ROOT, PACKAGE_SCHEMA_FILE)} differs from the package schema in code; run pnpm privacy-package:schema and commit it.`,
    );
    return 1;
  }
  await writeFile(PACKAGE_SCHEMA_FILE, text);
  console.log(`Wrote ${path.relative(REPOSITORY_ROOT, PACKAGE_SCHEMA_FILE)}`);
  return 0;
});
