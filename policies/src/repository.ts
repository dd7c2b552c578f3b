// Reads the policy files from disk into validated sources, collecting every
// problem instead of stopping at the first, so one run names them all.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  compareVersions,
  type OrganizationFile,
  organizationSchema,
  slug,
  type VersionFrontmatter,
  versionFrontmatterSchema,
} from '../schema.ts';
import { canonicalText, sha256Hex } from './canonical.ts';
import type { Problem } from './problems.ts';
import { type RegisterVersionSource, readRegisterFiles, SUBPROCESSORS_FOLDER } from './subprocessors/register-files.ts';
import { ORGANIZATION_PAGE_SEGMENTS } from './vocabulary/urls.ts';
import { parseYamlWithSchema } from './yaml-fields.ts';

export const ORGANIZATION_FILE = 'organization.yaml';
/** An organization's initial retention settings, checked by retention-file.ts. */
export const RETENTION_FILE = 'retention.yaml';
const VERSION_FILE = /^(?<version>.+)\.(md|mdx)$/;
/** Entries of the policies folder that belong to its code, not its data. */
const NOT_ORGANIZATIONS = new Set(['src', 'node_modules', 'schema.ts', 'package.json', 'tsconfig.json', 'policies.lock.json']);

export interface OrganizationSource {
  slug: string;
  file: string;
  data: OrganizationFile;
}

export interface VersionSource {
  organization: string;
  policy: string;
  file: string;
  frontmatter: VersionFrontmatter;
  /** The canonical Markdown body (see canonical.ts). */
  body: string;
  sha256: string;
}

export interface PolicyRepository {
  root: string;
  organizations: OrganizationSource[];
  versions: VersionSource[];
  /** Each organization's subprocessor register versions, in version order (subprocessors/register-files.ts). */
  registers: RegisterVersionSource[];
  problems: Problem[];
}

/** `leenops/terms-of-service@1.0`: how a version is named in messages and the lock. */
export function versionKey(version: Pick<VersionSource, 'organization' | 'policy'> & { frontmatter: { version: string } }): string {
  return `${version.organization}/${version.policy}@${version.frontmatter.version}`;
}

export async function readPolicyRepository(root: string): Promise<PolicyRepository> {
  const repository: PolicyRepository = { root, organizations: [], versions: [], registers: [], problems: [] };
  for (const entry of await sortedEntries(root)) {
    if (NOT_ORGANIZATIONS.has(entry.name) || entry.name.startsWith('.')) continue;
    const folder = path.join(root, entry.name);
    if (!entry.isDirectory()) {
      repository.problems.push({ file: folder, message: 'unexpected file: the policies folder holds one folder per organization' });
      continue;
    }
    await readOrganizationFolder(folder, entry.name, repository);
  }
  const registers = await readRegisterFiles(
    root,
    repository.organizations.map((organization) => organization.slug),
  );
  repository.registers.push(...registers.versions);
  repository.problems.push(...registers.problems);
  return repository;
}

async function readOrganizationFolder(folder: string, organization: string, repository: PolicyRepository) {
  const organizationFile = path.join(folder, ORGANIZATION_FILE);
  if (!slug.safeParse(organization).success) {
    repository.problems.push({
      file: folder,
      message: `organization folder "${organization}" must be a lower-case slug such as "leenops"`,
    });
    return;
  }
  const entries = await sortedEntries(folder);
  if (!entries.some((entry) => entry.name === ORGANIZATION_FILE && entry.isFile())) {
    repository.problems.push({
      file: folder,
      message: `unknown organization folder: it has no ${ORGANIZATION_FILE}, so its policies belong to no organization`,
    });
    return;
  }
  const parsed = parseYamlWithSchema(await readFile(organizationFile, 'utf8'), organizationSchema, organizationFile);
  if (parsed.ok) repository.organizations.push({ slug: organization, file: organizationFile, data: parsed.data });
  else repository.problems.push(...parsed.problems);

  for (const entry of entries) {
    if ([ORGANIZATION_FILE, RETENTION_FILE, SUBPROCESSORS_FOLDER].includes(entry.name) || entry.name.startsWith('.')) continue;
    const policyFolder = path.join(folder, entry.name);
    if (!entry.isDirectory()) {
      repository.problems.push({
        file: policyFolder,
        message: `unexpected file: an organization folder holds ${ORGANIZATION_FILE}, ${RETENTION_FILE}, a ${SUBPROCESSORS_FOLDER} folder and one folder per policy`,
      });
    } else if (!slug.safeParse(entry.name).success) {
      repository.problems.push({
        file: policyFolder,
        message: `policy folder "${entry.name}" must be a lower-case slug such as "terms-of-service"`,
      });
    } else if (ORGANIZATION_PAGE_SEGMENTS.has(entry.name)) {
      repository.problems.push({
        file: policyFolder,
        message: `policy folder "${entry.name}" is the name of the organization's own page /${organization}/${entry.name}/: choose another`,
      });
    } else {
      await readPolicyFolder(policyFolder, organization, entry.name, repository);
    }
  }
}

async function readPolicyFolder(folder: string, organization: string, policy: string, repository: PolicyRepository) {
  const versions: VersionSource[] = [];
  for (const entry of await sortedEntries(folder)) {
    if (entry.name.startsWith('.')) continue;
    const file = path.join(folder, entry.name);
    const versionInName = VERSION_FILE.exec(entry.name)?.groups?.version;
    if (!entry.isFile() || versionInName === undefined) {
      repository.problems.push({
        file,
        message: 'unexpected file: a policy folder holds one <version>.md file per version, such as 1.0.md',
      });
      continue;
    }
    const version = await readVersionFile(file, organization, policy, repository.problems);
    if (!version) continue;
    if (version.frontmatter.version !== versionInName) {
      repository.problems.push({
        file,
        line: 2,
        field: 'version',
        message: `"${version.frontmatter.version}" does not match the file name; name the file ${version.frontmatter.version}.md`,
      });
      continue;
    }
    const duplicate = versions.find((other) => compareVersions(other.frontmatter.version, version.frontmatter.version) === 0);
    if (duplicate) {
      repository.problems.push({
        file,
        field: 'version',
        message: `duplicate version ${version.frontmatter.version}: ${path.basename(duplicate.file)} has it already`,
      });
      continue;
    }
    versions.push(version);
  }
  versions.sort((a, b) => compareVersions(a.frontmatter.version, b.frontmatter.version));
  for (const [index, version] of versions.entries()) {
    const previous = versions[index - 1];
    if (previous && version.frontmatter.effective < previous.frontmatter.effective) {
      repository.problems.push({
        file: version.file,
        field: 'effective',
        message: `${version.frontmatter.effective} is before ${previous.frontmatter.effective}, when the earlier version ${previous.frontmatter.version} takes effect`,
      });
    }
  }
  repository.versions.push(...versions);
}

const FRONTMATTER = /^---\r?\n(?<yaml>[\s\S]*?)\r?\n?---[ \t]*(\r?\n|$)/;

async function readVersionFile(
  file: string,
  organization: string,
  policy: string,
  problems: Problem[],
): Promise<VersionSource | undefined> {
  const text = await readFile(file, 'utf8');
  const match = FRONTMATTER.exec(text);
  if (!match?.groups) {
    problems.push({
      file,
      line: 1,
      message: 'missing frontmatter: the file must start with a --- block holding title, version, effective, summary and material',
    });
    return undefined;
  }
  const parsed = parseYamlWithSchema(match.groups.yaml ?? '', versionFrontmatterSchema, file, 2);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const body = canonicalText(text.slice(match[0].length));
  if (body.trim() === '') {
    problems.push({ file, message: 'the policy text is empty' });
    return undefined;
  }
  return { organization, policy, file, frontmatter: parsed.data, body, sha256: sha256Hex(body) };
}

async function sortedEntries(folder: string) {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}
