// pnpm exec node bench/portal-build.ts: how long the portal build takes, and
// how much memory it needs, for 240 policy versions (3 organizations × 4
// policies × 20 versions), and how many bytes a cold first Pagefind search
// transfers.
// Generated files go to a temporary folder, with a lock so `policies:check`
// passes on them; the build writes to another temporary folder.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkPolicies } from '@governance/policies/check';
import { extendLock, writeLock } from '@governance/policies/lock';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORTAL_DIR = path.join(ROOT, 'portal');
const ORGANIZATIONS = 3;
const POLICIES = 4;
const VERSIONS = 20;
const SECTIONS = 12;
/** The last version of each policy is pending on this day; the other 19 are in effect. */
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
        const effective = addDays('2026-01-01', (v - 1) * 30);
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
  const checked = await checkPolicies(root);
  await writeLock(root, extendLock({ lockfileVersion: 1, versions: {} }, checked.versions).lock);
  const problems = (await checkPolicies(root)).problems;
  if (problems.length > 0) throw new Error(`the generated policies have problems: ${problems[0]?.message}`);
  return files;
}

// --- the build, timed and measured --------------------------------------------

interface BuildMeasure {
  seconds: number;
  /** Largest RSS of any process of the build, from /usr/bin/time -v (kernel rusage of waited children). */
  maxRssBytes: number | undefined;
  /** Largest sum of RSS over the build's process tree, sampled every 50 ms from /proc. */
  peakTreeRssBytes: number;
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

function build(policiesDir: string, outDir: string): Promise<BuildMeasure> {
  const astro = path.join(
    path.dirname(createRequire(path.join(PORTAL_DIR, 'package.json')).resolve('astro/package.json')),
    'bin/astro.mjs',
  );
  const timeAvailable = existsSync('/usr/bin/time');
  const command = timeAvailable ? '/usr/bin/time' : process.execPath;
  const args = [...(timeAvailable ? ['-v', process.execPath] : []), astro, 'build', '--outDir', outDir];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: PORTAL_DIR,
    env: { ...process.env, POLICIES_DIR: policiesDir, PORTAL_TODAY: TODAY, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  let peakTreeRssBytes = 0;
  const sampler = setInterval(() => {
    if (child.pid) void treeRss(child.pid).then((bytes) => (peakTreeRssBytes = Math.max(peakTreeRssBytes, bytes)));
  }, 50);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`astro build exited with ${code}:\n${stderr.slice(-4000)}`));
      const maxRssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({ seconds, maxRssBytes: maxRssKb ? Number(maxRssKb) * 1024 : undefined, peakTreeRssBytes });
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
 * search page's own inline script is part of its HTML, not counted here.
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

// --- run -----------------------------------------------------------------------

const work = await mkdtemp(path.join(tmpdir(), 'portal-bench-'));
try {
  const policiesDir = path.join(work, 'policies');
  const outDir = path.join(work, 'dist');
  const files = await generatePolicies(policiesDir);
  console.log(`Generated ${files} version files in ${policiesDir} (policies:check passes).`);
  const measure = await build(policiesDir, outDir);
  const pages = (await readdir(outDir, { recursive: true })).filter((file) => String(file).endsWith('.html')).length;
  const transfer = await coldSearchBytes(outDir);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
  console.log(`Build + Pagefind index: ${measure.seconds.toFixed(1)} s for ${pages} HTML pages`);
  console.log(
    `Peak RSS: ${mb(measure.maxRssBytes)} (largest process, /usr/bin/time -v); ${mb(measure.peakTreeRssBytes)} (whole process tree, sampled)`,
  );
  console.log('Cold first search:');
  for (const line of transfer) console.log(`  ${line.file.padEnd(36)} ${kb(line.bytes).padStart(10)} ${kb(line.transferred).padStart(10)}`);
  const total = (key: 'bytes' | 'transferred') => transfer.reduce((sum, line) => sum + line[key], 0);
  console.log(
    `  ${'total (on disk / compressed transfer)'.padEnd(36)} ${kb(total('bytes')).padStart(10)} ${kb(total('transferred')).padStart(10)}`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
