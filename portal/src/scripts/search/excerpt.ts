// Pagefind cuts an excerpt as a window of whole words around the matches; a
// window that starts or ends inside a sentence reads as a fragment unless it
// says so. This marks the cut ends with an ellipsis, as documentation search
// does ("… export your data in …").

const SENTENCE_END = /[.!?:;]$/;

/**
 * `excerptHtml` is Pagefind's excerpt (escaped text with <mark>); `content`
 * the page's whole text, from which the excerpt was cut.
 */
export function withEllipses(excerptHtml: string, content: string): string {
  const plain = textOf(excerptHtml);
  if (plain === '') return excerptHtml;
  const text = collapse(content);
  const at = text.indexOf(plain);
  // Not found verbatim (Pagefind may normalise some characters): say nothing rather than guess.
  if (at < 0) return excerptHtml;
  const before = text.slice(0, at).trimEnd();
  const cutAtStart = before !== '' && !SENTENCE_END.test(before);
  const cutAtEnd = at + plain.length < text.length && !SENTENCE_END.test(plain);
  return `${cutAtStart ? '… ' : ''}${excerptHtml.trim()}${cutAtEnd ? ' …' : ''}`;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function textOf(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  return collapse(template.content.textContent ?? '');
}
