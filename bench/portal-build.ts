// pnpm exec node bench/portal-build.ts: how long the portal build takes (and
// where the time goes: bundling, rendering, the Pagefind index, compression),
// how much memory it needs, and how many bytes a cold first Pagefind search
// transfers; then how long a rebuild takes after one version's text changed.
// BENCH_VERSIONS policy versions (default 240: 3 organizations × 4 policies ×
// 20 versions; 960 gives 80 versions per policy). BENCH_LABEL names the code
// measured (e.g. "before") in the results file. BENCH_KEEP=1 keeps the
// temporary folder (policies, built site) for inspection.
// Generated files go to a temporary folder, with a lock so `policies:check`
// passes on them; the build writes to another temporary folder, and keeps its
// compression cache in a third, so the first build starts cold.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { gzipSync } from 'node:zlib';
import { astroCli } from '@governance/api/cli/portal-build';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, writeLock } from '@governance/policies/lock';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORTAL_DIR = path.join(ROOT, 'portal');
const ORGANIZATIONS = 3;
const POLICIES = 4;
const TOTAL_VERSIONS = Number(process.env.BENCH_VERSIONS ?? 240);
const VERSIONS = Math.round(TOTAL_VERSIONS / (ORGANIZATIONS * POLICIES));
if (!Number.isInteger(VERSIONS) || VERSIONS < 2 || VERSIONS * ORGANIZATIONS * POLICIES !== TOTAL_VERSIONS) {
  throw new Error(`BENCH_VERSIONS must be a multiple of ${ORGANIZATIONS * POLICIES}, at least ${2 * ORGANIZATIONS * POLICIES}`);
}
const LABEL = process.env.BENCH_LABEL ?? '';
const SECTIONS = 12;
/** Versions take effect this many days apart: 30 at 20 versions a policy, closer with more, so all span the same 19 months. */
const DAYS_BETWEEN_VERSIONS = Math.max(1, Math.floor(600 / VERSIONS));
/** The date the portal is built as of. */
const TODAY = '2027-08-01';

// --- generated policies ------------------------------------------------------

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same site. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the customer data service account agreement provider may shall not any other use access security processing personal information party notice terms law rights request delete retain period purpose contract third payment fees liability warranty confidential export termination support update change effective written consent audit breach incident subprocessor transfer region storage encryption backup availability'.split(
    ' ',
  );

function paragraph(next: () => number, words: number): string {
  const text = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Each version rewrites two sections of the one before, so every redline has work to do. */
async function generatePolicies(root: string): Promise<number> {
  let files = 0;
  for (let o = 1; o <= ORGANIZATIONS; o++) {
    const organization = `bench-org-${o}`;
    await mkdir(path.join(root, organization), { recursive: true });
    await writeFile(path.join(root, organization, 'organization.yaml'), `name: Bench Organization ${o}\ncontacts: []\n`);
    for (let p = 1; p <= POLICIES; p++) {
      const next = random(o * 100 + p);
      const sections = Array.from({ length: SECTIONS }, (_, s) => ({
        heading: `${s + 1}. ${paragraph(next, 3).slice(0, -1)}`,
        text: [paragraph(next, 40), paragraph(next, 30)].join('\n\n'),
      }));
      const folder = path.join(root, organization, `policy-${p}`);
      await mkdir(folder, { recursive: true });
      for (let v = 1; v <= VERSIONS; v++) {
        if (v > 1) {
          for (let change = 0; change < 2; change++) {
            const section = sections[Math.floor(next() * SECTIONS)];
            if (section) section.text = [paragraph(next, 40), paragraph(next, 30)].join('\n\n');
          }
        }
        const effective = addDays('2026-01-01', (v - 1) * DAYS_BETWEEN_VERSIONS);
        const body = sections.map((section) => `## ${section.heading}\n\n${section.text}\n`).join('\n');
        const frontmatter = [
          `title: Bench Policy ${p}`,
          `version: "1.${v - 1}"`,
          `effective: ${effective}`,
          `summary: Version ${v} of bench policy ${p}`,
          'material: false',
        ].join('\n');
        await writeFile(path.join(folder, `1.${v - 1}.md`), `---\n${frontmatter}\n---\n\nIntroduction. ${paragraph(next, 25)}\n\n${body}`);
        files++;
      }
    }
  }
  await lockPolicies(root);
  return files;
}

/** Writes the lock afresh, so `policies:check` passes on the files as they are now. */
async function lockPolicies(root: string): Promise<void> {
  const checked = await checkPolicies(root);
  await writeLock(root, extendLock({ lockfileVersion: 1, versions: {} }, checked).lock);
  const problems = (await checkPolicies(root)).problems;
  if (problems.length > 0) throw new Error(`the generated policies have problems: ${problems[0]?.message}`);
}

/** What an author does between two builds: rewords the newest version of one policy. */
async function changeOneVersion(root: string): Promise<string> {
  const file = path.join(root, 'bench-org-1', 'policy-1', `1.${VERSIONS - 1}.md`);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('Introduction.', 'Introduction, reworded before publication.'));
  await lockPolicies(root);
  return path.relative(root, file);
}

// --- the build, timed and measured --------------------------------------------

interface BuildMeasure {
  seconds: number;
  /** Seconds spent in each part of the build, from when its log lines arrived. */
  phases: Phases;
  /** The precompress integration's own summary line (files, compressed, from the cache). */
  compressionLine: string | undefined;
  /** Largest RSS of any process of the build, from /usr/bin/time -v (kernel rusage of waited children). */
  maxRssBytes: number | undefined;
  /** Largest sum of RSS over the build's process tree, sampled every 50 ms from /proc. */
  peakTreeRssBytes: number;
}

/**
 * The lines that end each part of `astro build`, in order. Astro runs the
 * integrations' `astro:build:done` hooks one after another, so Pagefind's line
 * closes the index and the precompress line closes compression.
 */
const PHASE_ENDS = [
  ['setupAndBundling', /generating static routes/],
  ['rendering', /\[build\] ✓ Completed in/],
  ['pagefind', /\[governance:pagefind\]/],
  ['compression', /\[governance:precompress\]/],
] as const;
type Phases = Record<(typeof PHASE_ENDS)[number][0] | 'finishing', number>;

/** Splits the build's wall time at the arrival of each phase's closing line. */
function phasesOf(lines: { at: number; text: string }[], started: number, ended: number): Phases {
  const phases: Partial<Phases> = {};
  let previous = started;
  let index = 0;
  for (const [phase, pattern] of PHASE_ENDS) {
    while (index < lines.length && !pattern.test(lines[index]?.text ?? '')) index++;
    const line = lines[index];
    if (!line) throw new Error(`the build printed no line for the end of ${phase} (${pattern})`);
    phases[phase] = round((line.at - previous) / 1000);
    previous = line.at;
  }
  phases.finishing = round((ended - previous) / 1000);
  return phases as Phases;
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

async function treeRss(pid: number): Promise<number> {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    total += rss.get(current) ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

function build(policiesDir: string, outDir: string, cacheDir: string): Promise<BuildMeasure> {
  const astro = astroCli(PORTAL_DIR);
  const timeAvailable = existsSync('/usr/bin/time');
  const command = timeAvailable ? '/usr/bin/time' : process.execPath;
  const args = [...(timeAvailable ? ['-v', process.execPath] : []), astro, 'build', '--outDir', outDir];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: PORTAL_DIR,
    env: {
      ...process.env,
      POLICIES_DIR: policiesDir,
      PORTAL_TODAY: TODAY,
      PORTAL_PRECOMPRESS_CACHE_DIR: cacheDir,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines: { at: number; text: string }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push({ at: performance.now(), text: stripVTControlCharacters(text) });
  });
  let peakTreeRssBytes = 0;
  const sampler = setInterval(() => {
    if (child.pid) void treeRss(child.pid).then((bytes) => (peakTreeRssBytes = Math.max(peakTreeRssBytes, bytes)));
  }, 50);
  let ended = started;
  return new Promise((resolve, reject) => {
    child.on('exit', () => {
      ended = performance.now();
    });
    // 'close' comes once stdout is read to its end, so every line is counted.
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`astro build exited with ${code}:\n${stderr.slice(-4000)}`));
      const maxRssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({
        seconds: round((ended - started) / 1000),
        phases: phasesOf(lines, started, ended),
        compressionLine: lines.find((line) => line.text.includes('[governance:precompress]'))?.text.replace(/^.*?\] /, ''),
        maxRssBytes: maxRssKb ? Number(maxRssKb) * 1024 : undefined,
        peakTreeRssBytes,
      });
    });
  });
}

// --- Pagefind's cold first search ---------------------------------------------

interface TransferLine {
  file: string;
  bytes: number;
  /** What a compressing server or CDN sends: gzip -9 of text files; Pagefind's own files are already gzip. */
  transferred: number;
}

/**
 * What the search page fetches for its first query, from the files on disk:
 * pagefind.js and its worker, pagefind-entry.json, the language's
 * WebAssembly and metadata, one index chunk and the fragments of the first
 * results shown (the search page renders five). Which chunk holds a word is
 * in the binary metadata, so the largest chunk and the five largest
 * fragments are counted: an upper bound for any single-word query. The
 * search page's own script (one small file under /_astro/) is not counted here.
 */
async function coldSearchBytes(outDir: string): Promise<TransferLine[]> {
  const folder = path.join(outDir, 'pagefind');
  const entry = JSON.parse(await readFile(path.join(folder, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { hash: string }>;
  };
  const [language, { hash }] = Object.entries(entry.languages)[0] ?? ['en', { hash: '' }];
  const largest = async (subfolder: string, count: number) => {
    const files = await readdir(path.join(folder, subfolder));
    const sized = await Promise.all(
      files.map(async (file) => ({ file: `${subfolder}/${file}`, size: (await stat(path.join(folder, subfolder, file))).size })),
    );
    return sized
      .sort((a, b) => b.size - a.size)
      .slice(0, count)
      .map((item) => item.file);
  };
  const files = [
    'pagefind.js',
    'pagefind-worker.js',
    'pagefind-entry.json',
    `wasm.${language}.pagefind`,
    `pagefind.${hash}.pf_meta`,
    ...(await largest('index', 1)),
    ...(await largest('fragment', 5)),
  ];
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(path.join(folder, file));
      const precompressed = /\.(pagefind|pf_meta|pf_index|pf_fragment)$/.test(file);
      return { file, bytes: content.length, transferred: precompressed ? content.length : gzipSync(content, { level: 9 }).length };
    }),
  );
}

// --- compressed sizes ----------------------------------------------------------

/** Bytes of the files that have compressed copies, and of those copies: what a quality setting costs in transfer. */
async function compressedSizes(outDir: string): Promise<{ originals: number; brotli: number; gzip: number }> {
  const sizes = { originals: 0, brotli: 0, gzip: 0 };
  for (const file of await readdir(outDir, { recursive: true })) {
    if (!file.endsWith('.br')) continue;
    const original = path.join(outDir, file.slice(0, -'.br'.length));
    sizes.originals += (await stat(original)).size;
    sizes.brotli += (await stat(path.join(outDir, file))).size;
    sizes.gzip += (await stat(`${original}.gz`)).size;
  }
  return sizes;
}

// --- run -----------------------------------------------------------------------

/** Other work on the machine skews every figure; each result records how busy it was. */
async function loadAverage(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

function report(name: string, measure: BuildMeasure): void {
  const { phases } = measure;
  console.log(`${name}: ${measure.seconds.toFixed(1)} s`);
  console.log(
    `  setup and bundling ${phases.setupAndBundling} s, rendering ${phases.rendering} s, Pagefind ${phases.pagefind} s, compression ${phases.compression} s (${Math.round((phases.compression / measure.seconds) * 100)} %), finishing ${phases.finishing} s`,
  );
  if (measure.compressionLine) console.log(`  ${measure.compressionLine}`);
  console.log(
    `  peak RSS: ${mb(measure.maxRssBytes)} (largest process, /usr/bin/time -v); ${mb(measure.peakTreeRssBytes)} (whole process tree, sampled)`,
  );
}

const work = await mkdtemp(path.join(tmpdir(), 'portal-bench-'));
try {
  const policiesDir = path.join(work, 'policies');
  const outDir = path.join(work, 'dist');
  const cacheDir = path.join(work, 'precompress-cache');
  const files = await generatePolicies(policiesDir);
  console.log(`Generated ${files} version files in ${policiesDir} (policies:check passes).`);

  const first = await build(policiesDir, outDir, cacheDir);
  const pages = (await readdir(outDir, { recursive: true })).filter((file) => String(file).endsWith('.html')).length;
  const sizes = await compressedSizes(outDir);
  const transfer = await coldSearchBytes(outDir);
  report(`First build + Pagefind index, ${pages} HTML pages`, first);
  console.log(
    `  compressed copies: ${kb(sizes.originals)} of text as ${kb(sizes.brotli)} brotli, ${kb(sizes.gzip)} gzip (${((sizes.brotli / sizes.originals) * 100).toFixed(1)} %, ${((sizes.gzip / sizes.originals) * 100).toFixed(1)} %)`,
  );
  console.log('Cold first search:');
  for (const line of transfer) console.log(`  ${line.file.padEnd(36)} ${kb(line.bytes).padStart(10)} ${kb(line.transferred).padStart(10)}`);
  const total = (key: 'bytes' | 'transferred') => transfer.reduce((sum, line) => sum + line[key], 0);
  console.log(
    `  ${'total (on disk / compressed transfer)'.padEnd(36)} ${kb(total('bytes')).padStart(10)} ${kb(total('transferred')).padStart(10)}`,
  );

  // The results so far are written before the rebuild, so a run stopped during it still leaves the first build's.
  const revision = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const result = {
    date: new Date().toISOString(),
    revision,
    label: LABEL,
    node: process.version,
    versions: TOTAL_VERSIONS,
    htmlPages: pages,
    loadAverage: await loadAverage(),
    firstBuild: first,
    compressedSizes: sizes,
    coldSearch: { bytes: total('bytes'), transferred: total('transferred') },
    rebuildAfterOneChange: null as null | ({ changed: string; loadAverage: string } & BuildMeasure),
  };
  const stamp = result.date.slice(0, 16).replace(':', '');
  const file = path.join(import.meta.dirname, 'results', `portal-build-${stamp}-${TOTAL_VERSIONS}-${LABEL || revision}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

  const changed = await changeOneVersion(policiesDir);
  const rebuild = await build(policiesDir, outDir, cacheDir);
  report(`Rebuild after changing ${changed}`, rebuild);
  result.rebuildAfterOneChange = { changed, loadAverage: await loadAverage(), ...rebuild };
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Results: ${path.relative(ROOT, file)}`);
} finally {
  if (process.env.BENCH_KEEP === '1') console.log(`Kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}
