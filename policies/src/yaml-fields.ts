// Parses YAML and validates it with a zod schema, turning every failure into
// a Problem that names the field (`settings.2.period`, `entries.0.ai.trains`)
// and the line it stands on, so `policies:check` points at what to fix.
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './problems.ts';

export type Parsed<T> = { ok: true; data: T } | { ok: false; problems: Problem[] };

/**
 * @param firstLine the line of the file on which `yamlText` starts, so that
 *   frontmatter problems point at the right line of the Markdown file.
 */
export function parseYamlWithSchema<S extends z.ZodType>(yamlText: string, schema: S, file: string, firstLine = 1): Parsed<z.output<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fileLine = (line: number) => line + firstLine - 1;
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        line: fileLine(lineCounter.linePos(error.pos[0]).line),
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const result = schema.safeParse(document.toJS() ?? {});
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const where = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
      const field = where.length > 0 ? { field: where.join('.') } : {};
      if (issue.code === 'unrecognized_keys') {
        const line = fileLine(lineOf(document, lineCounter, [...where, issue.keys[0] ?? '']));
        return { file, line, ...field, message: `unknown field ${issue.keys.join(', ')}` };
      }
      const missing = issue.code === 'invalid_type' && document.getIn(where, true) === undefined;
      return { file, line: fileLine(lineOf(document, lineCounter, where)), ...field, message: missing ? 'is required' : issue.message };
    }),
  };
}

/** The line of the deepest node on the path that exists: a missing field is reported where its parent starts. */
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
