// policies/<org>/retention.yaml: an organization's initial retention
// settings, read and validated with every problem located on its line
// (`settings.2.period` points at the third setting's period).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { type RetentionFile, retentionFileSchema } from '../schema.ts';
import type { Problem } from './problems.ts';
import { RETENTION_FILE } from './repository.ts';

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

export function parseRetentionFile(text: string, file: string): { ok: true; data: RetentionFile } | { ok: false; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const result = retentionFileSchema.safeParse(document.toJS() ?? {});
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const where = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        return {
          file,
          line: lineOf(document, lineCounter, [...where, key]),
          ...(where.length > 0 ? { field: where.join('.') } : {}),
          message: `unknown field ${issue.keys.join(', ')}`,
        };
      }
      const missing = issue.code === 'invalid_type' && document.getIn(where, true) === undefined;
      return {
        file,
        line: lineOf(document, lineCounter, where),
        ...(where.length > 0 ? { field: where.join('.') } : {}),
        message: missing ? 'is required' : issue.message,
      };
    }),
  };
}

/** The line of the deepest node on the path that exists: a missing field is reported where its setting starts. */
function lineOf(document: Document, lineCounter: LineCounter, where: (string | number)[]): number {
  for (let depth = where.length; depth > 0; depth--) {
    const parentPath = where.slice(0, depth - 1);
    const key = where[depth - 1];
    const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
    // A map entry: the line of its key, where a reader looks for the field.
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    const node = document.getIn(where.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
