// The canonical text of a version is what its SHA-256 is computed over and
// what the API serves as `body`, so anyone holding the body can recompute the
// hash with `sha256sum`. Canonical means: the Markdown body after the
// frontmatter, Unicode NFC, newlines as LF, no leading or trailing blank
// lines, and exactly one final newline.
import { createHash } from 'node:crypto';

export function canonicalText(markdownBody: string): string {
  const normalised = markdownBody.normalize('NFC').replace(/\r\n?/g, '\n');
  return `${normalised.replace(/^\n+/, '').trimEnd()}\n`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
