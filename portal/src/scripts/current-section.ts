// Progressive enhancement of a policy page's contents list: on wide screens
// the contents and the verify card are open beside the text, the list marks
// the section being read, and a link to a closed panel (the facts line's
// "Verify" on a phone) opens it. Without this script the page reads the
// same: CSS shows both panels on wide screens, and every link works.

const WIDE = '(min-width: 64rem)';
/** A heading counts as being read once it is this far from the top of the window. */
const READING_LINE = 0.25;

function openWhenWide(): void {
  const wide = window.matchMedia(WIDE);
  const sync = () => {
    if (!wide.matches) return;
    for (const details of document.querySelectorAll<HTMLDetailsElement>('details[data-open-when-wide]')) details.open = true;
  };
  sync();
  wide.addEventListener('change', sync);
}

/** A link to a closed disclosure opens it, rather than landing on its one-line summary. */
function openWhenLinked(): void {
  const open = () => {
    const target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    if (target instanceof HTMLDetailsElement) target.open = true;
  };
  open();
  window.addEventListener('hashchange', open);
}

function markCurrentSection(contents: HTMLElement): void {
  const entries = [...contents.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')]
    .map((link) => ({ link, heading: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
    .filter((entry): entry is { link: HTMLAnchorElement; heading: HTMLElement } => entry.heading !== null);
  if (entries.length === 0) return;
  let marked: HTMLAnchorElement | undefined;

  const update = () => {
    const line = window.innerHeight * READING_LINE;
    const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    // The last heading above the reading line; at the very bottom, the last
    // section, which may be too short ever to reach the line.
    let current = entries[0];
    for (const entry of entries) if (entry.heading.getBoundingClientRect().top <= line) current = entry;
    if (atBottom) current = entries.at(-1);
    if (!current || current.link === marked) return;
    marked?.removeAttribute('aria-current');
    current.link.setAttribute('aria-current', 'location');
    marked = current.link;
  };

  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(() => {
      scheduled = false;
      update();
    });
  };
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  update();
}

openWhenWide();
openWhenLinked();
const contents = document.querySelector<HTMLElement>('[data-contents]');
if (contents) markCurrentSection(contents);
