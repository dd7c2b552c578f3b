// Policy folders for tests: a copy of the real one to break on purpose, or
// one written from scratch.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');
export const POLICIES_DIR = path.join(REPOSITORY_ROOT, 'policies');
const DATA_ONLY = (source: string) => !/[/\\](node_modules|src)$|\.ts$|package\.json$|tsconfig\.json$/.test(source);

/** A temporary copy of the repository's policy files (data only). */
export async function copyOfPolicies(): Promise<string> {
  const root = path.join(await mkdtemp(path.join(tmpdir(), 'policies-')), 'policies');
  await cp(POLICIES_DIR, root, { recursive: true, filter: DATA_ONLY });
  return root;
}

export async function emptyPolicies(): Promise<string> {
  const root = path.join(await mkdtemp(path.join(tmpdir(), 'policies-')), 'policies');
  await mkdir(root, { recursive: true });
  return root;
}

export interface VersionFileFields {
  title?: string;
  version?: string;
  effective?: string;
  published?: string;
  summary?: string;
  material?: boolean;
}

/** Writes `<root>/<org>/<policy>/<version>.md` with the given frontmatter. */
export async function writeVersion(root: string, organization: string, policy: string, fields: VersionFileFields, body = 'Some text.\n') {
  const version = fields.version ?? '1.0';
  const frontmatter = Object.entries({
    title: 'A policy',
    effective: '2026-01-01',
    summary: 'First version',
    material: false,
    ...fields,
    version,
  })
    .map(([key, value]) => `${key}: ${typeof value === 'string' && key === 'version' ? JSON.stringify(value) : value}`)
    .join('\n');
  const file = path.join(root, organization, policy, `${version}.md`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `---\n${frontmatter}\n---\n\n${body}`);
  return file;
}

export async function writeOrganization(
  root: string,
  organization: string,
  yaml = 'name: Example Org\ncontacts:\n  - purpose: Privacy\n    email: privacy@example.com\n',
) {
  await mkdir(path.join(root, organization), { recursive: true });
  await writeFile(path.join(root, organization, 'organization.yaml'), yaml);
}
