// Parses YAML and validates it with a zod schema, turning every failure into
// a Problem that names the field and the line it stands on.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
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
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line + firstLine - 1,
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const data: unknown = document.toJS() ?? {};
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data };

  const lineOfField = (field: string): number => {
    const contents = document.contents;
    if (!isMap(contents)) return firstLine;
    const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === field);
    const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    return offset === undefined ? firstLine : lineCounter.linePos(offset).line + firstLine - 1;
  };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      const topField = String(issue.path[0] ?? '');
      if (issue.code === 'unrecognized_keys') {
        return { file, line: lineOfField(issue.keys[0] ?? ''), message: `unknown field ${issue.keys.join(', ')}` };
      }
      const missing = issue.code === 'invalid_type' && typeof data === 'object' && data !== null && !(topField in data);
      return {
        file,
        line: lineOfField(topField),
        ...(field === '' ? {} : { field }),
        message: missing ? 'is required' : issue.message,
      };
    }),
  };
}
