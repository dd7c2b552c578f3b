// Reads each organization's subprocessor register: one YAML file per version
// in policies/<org>/subprocessors/, validated field by field, ordered by
// version, and hashed over its canonical JSON (RFC 8785) so a published list
// can be recomputed and checked by anyone holding it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { compareVersions } from '../../schema.ts';
import { sha256Hex } from '../canonical.ts';
import type { Problem } from '../problems.ts';
import { parseYamlWithSchema } from '../yaml-fields.ts';
import { type SubprocessorRegisterFile, subprocessorRegisterSchema } from './schema.ts';

/** The folder of an organization that holds its register; no policy may take this name. */
export const SUBPROCESSORS_FOLDER = 'subprocessors';
const REGISTER_FILE = /^(?<version>.+)\.yaml$/;

export interface RegisterVersionSource {
  organization: string;
  file: string;
  data: SubprocessorRegisterFile;
  /** SHA-256 of `canonicalRegister(data)`. */
  sha256: string;
}

/** `leandna/subprocessors@1.0`: how a register version is named in messages and the lock. */
export function registerKey(version: Pick<RegisterVersionSource, 'organization'> & { data: { version: string } }): string {
  return `${version.organization}/${SUBPROCESSORS_FOLDER}@${version.data.version}`;
}

/** The bytes a register version's hash is computed over: its validated content as RFC 8785 canonical JSON. */
export function canonicalRegister(data: SubprocessorRegisterFile): string {
  const text = canonicalize(data);
  if (text === undefined) throw new Error('a register version has no JSON form');
  return text;
}

export async function readRegisterFiles(
  root: string,
  organizations: readonly string[],
): Promise<{ versions: RegisterVersionSource[]; problems: Problem[] }> {
  const versions: RegisterVersionSource[] = [];
  const problems: Problem[] = [];
  for (const organization of organizations) {
    const folder = path.join(root, organization, SUBPROCESSORS_FOLDER);
    const names = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const ofOrganization: RegisterVersionSource[] = [];
    for (const entry of names.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const file = path.join(folder, entry.name);
      const versionInName = REGISTER_FILE.exec(entry.name)?.groups?.version;
      if (!entry.isFile() || versionInName === undefined) {
        problems.push({
          file,
          message: 'unexpected file: the subprocessors folder holds one <version>.yaml file per version of the list, such as 1.0.yaml',
        });
        continue;
      }
      const parsed = parseYamlWithSchema(await readFile(file, 'utf8'), subprocessorRegisterSchema, file);
      if (!parsed.ok) {
        problems.push(...parsed.problems);
        continue;
      }
      if (parsed.data.version !== versionInName) {
        problems.push({
          file,
          field: 'version',
          message: `"${parsed.data.version}" does not match the file name; name the file ${parsed.data.version}.yaml`,
        });
        continue;
      }
      ofOrganization.push({ organization, file, data: parsed.data, sha256: sha256Hex(canonicalRegister(parsed.data)) });
    }
    ofOrganization.sort((a, b) => compareVersions(a.data.version, b.data.version));
    for (const [index, version] of ofOrganization.entries()) {
      const previous = ofOrganization[index - 1];
      if (previous && version.data.effective < previous.data.effective) {
        problems.push({
          file: version.file,
          field: 'effective',
          message: `${version.data.effective} is before ${previous.data.effective}, when the earlier list ${previous.data.version} takes effect`,
        });
      }
    }
    versions.push(...ofOrganization);
  }
  return { versions, problems };
}
