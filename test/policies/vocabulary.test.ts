// The words the portal and the API share (roles and permissions, URLs, the
// intake's messages, email normalisation, the request reference, the
// version-in-force rule) live once, in pure modules of the policies package
// that both may import: the portal's browser scripts too, so nothing
// server-side may come in with them.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { hasTakenEffect, startOfDateUtc, versionInForce } from '@governance/policies/vocabulary/version-in-force';
// TypeScript 7, which type-checks the repository, is a native compiler without
// the JS API; `preProcessFile` comes from the 6.x line (the release the portal
// keeps for astro check), installed under its own name.
import ts from 'typescript-api';
import { describe, expect, it } from 'vitest';
import { groupPolicyVersions, type VersionFacts } from '../../portal/src/lib/policy-versions.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VOCABULARY = path.join(ROOT, 'policies/src/vocabulary');

/** What a vocabulary module may import: another vocabulary module, zod, or nothing. */
function forbiddenImports(source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map((file) => file.fileName).filter((name) => !/^\.\/[a-z-]+\.ts$/.test(name) && name !== 'zod');
}

async function vocabularyModules(): Promise<string[]> {
  return (await readdir(VOCABULARY)).filter((file) => file.endsWith('.ts')).sort();
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx|astro)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
}

describe('the shared vocabulary', () => {
  it('tells a server-side import from an allowed one', () => {
    expect(forbiddenImports("import { z } from 'zod';\nimport { ROLE_LABELS } from './access.ts';")).toEqual([]);
    expect(
      forbiddenImports(
        "import pg from 'pg';\nimport { sql } from 'kysely';\nimport { createHash } from 'node:crypto';\n" +
          "import type { Db } from '@governance/db';\nimport { config } from '../../../api/src/config.ts';\nexport * from 'fs';",
      ),
    ).toEqual(['pg', 'kysely', 'node:crypto', '@governance/db', '../../../api/src/config.ts', 'fs']);
  });

  it('imports nothing server-side: only its own modules, zod or nothing', async () => {
    const modules = await vocabularyModules();
    expect(modules).toEqual(
      expect.arrayContaining(['access.ts', 'email.ts', 'intake-messages.ts', 'request-reference.ts', 'urls.ts', 'version-in-force.ts']),
    );
    for (const file of modules) {
      expect(forbiddenImports(await readFile(path.join(VOCABULARY, file), 'utf8')), file).toEqual([]);
    }
  });

  it('exports every module as @governance/policies/vocabulary/<name>', async () => {
    const { exports } = JSON.parse(await readFile(path.join(ROOT, 'policies/package.json'), 'utf8')) as { exports: Record<string, string> };
    for (const file of await vocabularyModules()) {
      const name = file.replace(/\.ts$/, '');
      expect(exports[`./vocabulary/${name}`], name).toBe(`./src/vocabulary/${file}`);
    }
  });

  it('is written once: nothing in the api or the portal declares a name of it again', async () => {
    const shared = new Set<string>();
    for (const file of await vocabularyModules()) {
      const source = await readFile(path.join(VOCABULARY, file), 'utf8');
      for (const match of source.matchAll(/^export (?:const|function|type|interface) ([A-Za-z_]\w*)/gm)) shared.add(match[1] as string);
    }
    const again: string[] = [];
    for (const file of [...(await sourceFiles(path.join(ROOT, 'api/src'))), ...(await sourceFiles(path.join(ROOT, 'portal/src')))]) {
      const source = await readFile(file, 'utf8');
      // Top-level declarations only: a local variable may share a name with no harm.
      for (const match of source.matchAll(/^(?:export )?(?:const|let|function|type|interface) ([A-Za-z_]\w*)/gm)) {
        if (shared.has(match[1] as string)) again.push(`${path.relative(ROOT, file)}: ${match[1]}`);
      }
    }
    expect(again).toEqual([]);
  });
});

describe('the version in force', () => {
  const version = (number: string, effective: string, published = effective): VersionFacts => ({
    organization: 'example',
    policy: 'terms',
    version: number,
    effective,
    published,
  });
  const versions = [version('1.0', '2026-01-01'), version('1.1', '2026-11-22', '2026-10-01'), version('2.0', '2026-12-15', '2026-11-15')];

  it('is the same on the portal on a day as in the API at the instant the day begins', () => {
    const days = [
      '2025-12-31',
      '2026-01-01',
      '2026-10-01',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-12-14',
      '2026-12-15',
      '2027-01-01',
    ];
    const dated = versions.map((facts) => ({ facts, effectiveAt: startOfDateUtc(facts.effective) }));
    for (const day of days) {
      const [policy] = groupPolicyVersions(versions, day);
      const visible = new Set(policy?.versions.map((entry) => entry.version));
      const api = versionInForce(
        dated.filter(({ facts }) => visible.has(facts)),
        startOfDateUtc(day),
      );
      expect(policy?.current?.version, day).toBe(api?.facts.version);
    }
  });

  it('takes effect at 00:00 UTC of the effective date, not a millisecond before', () => {
    const effective = { effectiveAt: startOfDateUtc('2026-11-22') };
    expect(hasTakenEffect(effective, new Date('2026-11-21T23:59:59.999Z'))).toBe(false);
    expect(hasTakenEffect(effective, new Date('2026-11-22T00:00:00.000Z'))).toBe(true);
    const [before] = groupPolicyVersions(versions, '2026-11-21');
    const [on] = groupPolicyVersions(versions, '2026-11-22');
    expect([before?.current?.version, on?.current?.version]).toEqual(['1.0', '1.1']);
  });
});
