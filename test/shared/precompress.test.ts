import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../portal/src/integrations/precompress/precompress-folder.ts';

/** Text that compresses like a page: words, repeated with variation. */
function page(seed: string, bytes = 8 * 1024): string {
  const words = ['policy', 'version', 'customer', 'data', 'shall', 'section', 'notice', seed];
  let text = `<!doctype html><title>${seed}</title><main>`;
  for (let i = 0; text.length < bytes; i++) text += `${words[(i * 7 + seed.length) % words.length]} `;
  return `${text}</main>`;
}

const SITE: Record<string, string> = {
  'index.html': page('home'),
  'leenops/terms-of-service/index.html': page('terms'),
  'leenops/terms-of-service/v/1.0/body.md': page('body'),
  '_astro/search.js': page('script'),
  'pagefind/pagefind-entry.json': page('entry'),
};

let work: string;
let cacheDir: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'precompress-test-'));
  cacheDir = path.join(work, 'cache');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh output folder, as `astro build` leaves one (it empties dist/ first). */
async function builtSite(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const folder = path.join(work, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), content);
  }
  return folder;
}

async function expectOutputsDecompressTo(folder: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const original = path.join(folder, file);
    expect(brotliDecompressSync(await readFile(`${original}.br`)).toString(), `${file}.br`).toBe(content);
    expect(gunzipSync(await readFile(`${original}.gz`)).toString(), `${file}.gz`).toBe(content);
  }
}

describe('precompressing the built portal', () => {
  it('writes .br and .gz beside every text file of 1 KB or more, each decompressing to the original', async () => {
    const folder = await builtSite('dist', { ...SITE, 'small.html': '<p>tiny</p>', 'logo.png': randomBytes(4096) });

    const report = await precompressFolder(folder, { cacheDir });

    expect(report).toMatchObject({ files: 5, compressed: 10, reused: 0 });
    await expectOutputsDecompressTo(folder, SITE);
    const written = await readdir(folder);
    expect(written).not.toContain('small.html.br');
    expect(written).not.toContain('logo.png.br');
  });

  it('compresses nothing on a rebuild whose files did not change: every output comes from the cache', async () => {
    await precompressFolder(await builtSite('first', SITE), { cacheDir });

    const rebuilt = await builtSite('second', SITE);
    const report = await precompressFolder(rebuilt, { cacheDir });

    expect(report).toMatchObject({ files: 5, compressed: 0, reused: 10, pruned: 0 });
    await expectOutputsDecompressTo(rebuilt, SITE);
  });

  it('compresses again only the file whose bytes changed, and writes its new outputs', async () => {
    await precompressFolder(await builtSite('first', SITE), { cacheDir });

    const changed = { ...SITE, 'leenops/terms-of-service/index.html': page('terms, amended') };
    const rebuilt = await builtSite('second', changed);
    const report = await precompressFolder(rebuilt, { cacheDir });

    expect(report).toMatchObject({ compressed: 2, reused: 8 });
    await expectOutputsDecompressTo(rebuilt, changed);
  });

  it('removes from the cache the outputs the latest build no longer used', async () => {
    await precompressFolder(await builtSite('first', SITE), { cacheDir });
    expect(await readdir(cacheDir)).toHaveLength(10);
    // Pruning keeps what another build used since this one started; let the clock move past the first build.
    await sleep(20);

    const { 'index.html': _removedPage, ...rest } = SITE;
    const report = await precompressFolder(await builtSite('second', rest), { cacheDir });

    expect(report.pruned).toBe(2);
    expect(await readdir(cacheDir)).toHaveLength(8);
    const homeAgain = await precompressFolder(await builtSite('third', { 'index.html': page('home') }), { cacheDir });
    expect(homeAgain).toMatchObject({ compressed: 2, reused: 0 });
  });

  it('lets two builds share the cache at once, each writing whole outputs and leaving no temporary file', async () => {
    const [first, second] = await Promise.all([builtSite('one', SITE), builtSite('two', SITE)]);

    await Promise.all([precompressFolder(first, { cacheDir }), precompressFolder(second, { cacheDir })]);

    await expectOutputsDecompressTo(first, SITE);
    await expectOutputsDecompressTo(second, SITE);
    const entries = await readdir(cacheDir);
    expect(entries).toHaveLength(10);
    expect(entries.filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('ignores an entry a crashed build left half-written under its temporary name', async () => {
    const folder = await builtSite('dist', { 'index.html': page('home') });
    await precompressFolder(folder, { cacheDir });
    const [entry] = (await readdir(cacheDir)).filter((name) => name.endsWith('.brotli-6'));
    if (!entry) throw new Error('no brotli entry was written');
    await rm(path.join(cacheDir, entry));
    await writeFile(path.join(cacheDir, `.${entry}.12345.abcdef`), 'half of an outp');

    const rebuilt = await builtSite('second', { 'index.html': page('home') });
    const report = await precompressFolder(rebuilt, { cacheDir });

    expect(report).toMatchObject({ compressed: 1, reused: 1 });
    await expectOutputsDecompressTo(rebuilt, { 'index.html': page('home') });
  });
});
