// policies/<org>/retention.yaml: an organization's initial retention
// settings, read and validated with every problem located on its line
// (`settings.2.period` points at the third setting's period; yaml-fields.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type RetentionFile, retentionFileSchema } from '../schema.ts';
import type { Problem } from './problems.ts';
import { RETENTION_FILE } from './repository.ts';
import { type Parsed, parseYamlWithSchema } from './yaml-fields.ts';

export { RETENTION_FILE };

export interface RetentionFileSource {
  organization: string;
  file: string;
  data: RetentionFile;
}

export interface RetentionFiles {
  files: RetentionFileSource[];
  problems: Problem[];
}

/** Reads the retention file of each organization that has one. */
export async function readRetentionFiles(root: string, organizations: readonly string[]): Promise<RetentionFiles> {
  const result: RetentionFiles = { files: [], problems: [] };
  for (const organization of organizations) {
    const file = path.join(root, organization, RETENTION_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const parsed = parseRetentionFile(text, file);
    if (parsed.ok) result.files.push({ organization, file, data: parsed.data });
    else result.problems.push(...parsed.problems);
  }
  return result;
}

export function parseRetentionFile(text: string, file: string): Parsed<RetentionFile> {
  return parseYamlWithSchema(text, retentionFileSchema, file);
}
