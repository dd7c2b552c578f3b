// One source for both parts of a message: a mail is written once as a list
// of blocks, and rendered as plain text (what every client can show, and
// what the tests and people who paste codes read) and as HTML (escaped
// here, so nothing a requester or staff member typed becomes markup).

export type MailBlock =
  /** A paragraph; with `link`, the address follows on a line of its own (a link in HTML). */
  | { text: string; link?: string }
  /** Lines to copy or type exactly (a reference and a code), indented in text and monospaced in HTML. */
  | { lines: string[] }
  /** A list of short facts (what was decided, what was kept): dashes in text, a bulleted list in HTML. */
  | { items: string[] }
  /** Someone's own words (the reason staff gave), quoted as written. */
  | { quote: string }
  /** Why the message came, in smaller print at the end. */
  | { footer: string };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escaped = (value: string) => value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
/** Line breaks someone typed stay line breaks. */
const escapedLines = (value: string) => escaped(value).replaceAll('\n', '<br>\n');

function blockText(block: MailBlock): string {
  if ('lines' in block) return block.lines.map((line) => `  ${line}`).join('\n');
  if ('items' in block) return block.items.map((item) => `- ${item}`).join('\n');
  if ('quote' in block) return block.quote;
  if ('footer' in block) return block.footer;
  return block.link ? `${block.text}\n${block.link}` : block.text;
}

function blockHtml(block: MailBlock): string {
  if ('lines' in block) return `<pre style="font-size:1.1em">${block.lines.map(escaped).join('\n')}</pre>`;
  if ('items' in block) return `<ul>\n${block.items.map((item) => `<li>${escaped(item)}</li>`).join('\n')}\n</ul>`;
  if ('quote' in block)
    return `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #b1b4b6">${escapedLines(block.quote)}</blockquote>`;
  if ('footer' in block) return `<p style="color:#4d4d4d;font-size:0.9em">${escapedLines(block.footer)}</p>`;
  const link = block.link ? `<br>\n<a href="${escaped(block.link)}">${escaped(block.link)}</a>` : '';
  return `<p>${escapedLines(block.text)}${link}</p>`;
}

export function renderMail(subject: string, blocks: readonly MailBlock[]): { text: string; html: string } {
  return {
    text: blocks.map(blockText).join('\n\n'),
    html:
      `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escaped(subject)}</title></head>\n` +
      `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em;color:#1b1b1b">\n${blocks.map(blockHtml).join('\n')}\n</body>\n</html>\n`,
  };
}
