// The search page: runs Pagefind on what was typed, and on `?q=` when the
// page is opened from another page's search box (a plain GET form).
import { asksForRequestForm } from '../../lib/request-form-intent.ts';
import { withEllipses } from './excerpt.ts';

interface PagefindSubResult {
  url: string;
  title: string;
  excerpt: string;
}

interface PagefindData {
  url: string;
  excerpt: string;
  content: string;
  meta: { title?: string };
  sub_results?: PagefindSubResult[];
}

interface PagefindResult {
  data(): Promise<PagefindData>;
}

interface Pagefind {
  debouncedSearch(term: string, options: object, wait: number): Promise<{ results: PagefindResult[] } | null>;
}

const PAGE_SIZE = 5;
const MAX_QUERY_LENGTH = 200;
// Built by the pagefind integration next to the pages; a path, not a module
// of this bundle, so the bundler leaves the import to the browser.
const PAGEFIND = '/pagefind/pagefind.js';

const form = document.querySelector<HTMLFormElement>('form.search');
const input = document.getElementById('search-input') as HTMLInputElement | null;
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more') as HTMLButtonElement | null;
const suggestion = document.querySelector<HTMLElement>('[data-request-forms]');

let pagefind: Pagefind | undefined;
let results: PagefindResult[] = [];
let shown = 0;
let latest = 0;

const link = (url: string, text: string) => {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.textContent = text;
  return anchor;
};

// Pagefind escapes the indexed text and adds only <mark> to excerpts.
const excerpt = (html: string, content: string) => {
  const paragraph = document.createElement('p');
  paragraph.innerHTML = withEllipses(html, content);
  return paragraph;
};

async function showMore(): Promise<void> {
  if (!list || !more) return;
  const page = results.slice(shown, shown + PAGE_SIZE);
  shown += page.length;
  for (const data of await Promise.all(page.map((result) => result.data()))) {
    const item = document.createElement('li');
    const heading = document.createElement('h2');
    heading.append(link(data.url, data.meta.title ?? data.url));
    item.append(heading);
    const sections = (data.sub_results ?? []).filter((sub) => sub.url !== data.url).slice(0, 3);
    if (sections.length === 0) item.append(excerpt(data.excerpt, data.content));
    for (const sub of sections) {
      const section = document.createElement('div');
      section.append(link(sub.url, sub.title), excerpt(sub.excerpt, data.content));
      item.append(section);
    }
    list.append(item);
  }
  more.hidden = shown >= results.length;
}

async function search(query: string): Promise<void> {
  if (!list || !status) return;
  const term = query.slice(0, MAX_QUERY_LENGTH).trim();
  const request = ++latest;
  if (suggestion) suggestion.hidden = !asksForRequestForm(term);
  pagefind ??= (await import(/* @vite-ignore */ PAGEFIND)) as Pagefind;
  const found = term === '' ? { results: [] } : await pagefind.debouncedSearch(term, {}, 250);
  if (found === null || request !== latest) return; // superseded by a newer query
  results = found.results;
  shown = 0;
  list.replaceChildren();
  status.textContent = term === '' ? '' : `${results.length} result${results.length === 1 ? '' : 's'} for “${term}”`;
  await showMore();
}

if (form && input && more) {
  input.addEventListener('input', () => void search(input.value));
  more.addEventListener('click', () => void showMore());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Keep the address shareable: it says what was searched, as a reload would.
    const url = new URL(window.location.href);
    url.searchParams.set('q', input.value.slice(0, MAX_QUERY_LENGTH));
    window.history.replaceState(null, '', url);
    void search(input.value);
  });
  const initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial.slice(0, MAX_QUERY_LENGTH);
    void search(input.value);
  }
}
