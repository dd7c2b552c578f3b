// Builds the static portal when it is missing or stale. Stale means any input
// changed since the last build: a policy file, the portal's code, or the date,
// since which version is current depends on the day.
//
// Several processes may share one portal folder (replicas on one machine, the
// date-driven rebuild, the rebuild after a policy sync): a build runs under
// the folder's lock (portal-lock.ts) and re-checks the stamp once it holds
// it, so what one process built the others take as it is. It is built into a
// staging folder and swapped into dist when complete: dist is never
// half-built, and a failed build leaves the previous site in place.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../shared/logger.ts';
import type { PortalLock } from './portal-lock.ts';

const STAMP_FILE = '.build-inputs';
/**
 * Beside dist, so the swap is a rename on one file system. A staging folder
 * of its own per build: an Astro left running by a holder that was killed
 * can never write into the next holder's build.
 */
const STAGING_PREFIX = '.dist-staging-';
const PREVIOUS_DIR = '.dist-previous';
const SKIPPED = new Set(['node_modules', 'dist', '.astro', PREVIOUS_DIR]);

export interface PortalBuild {
  portalDir: string;
  policiesDir: string;
  /** The UTC date the build publishes for (YYYY-MM-DD). */
  today: string;
  /** Serializes builds among the processes sharing this portal folder. */
  lock: PortalLock;
  /** The public origin (config.publicUrl): absolute links, feeds, policies.json and the sitemap point here. */
  publicUrl: string;
  logger: Logger;
}

export function portalDistDir(portalDir: string): string {
  return path.join(portalDir, 'dist');
}

/** The inputs' hash the build in `distDir` was made from; '' when there is none. */
export async function readBuildStamp(distDir: string): Promise<string> {
  try {
    return await readFile(path.join(distDir, STAMP_FILE), 'utf8');
  } catch (error) {
    // Also between the two renames of another process's swap: the locked re-check reads it again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Returns true when this call built; false when dist already matched the inputs, whoever built it. */
export async function ensurePortalBuilt(build: PortalBuild): Promise<boolean> {
  const distDir = portalDistDir(build.portalDir);
  const inputs = await hashInputs(build);
  if ((await readBuildStamp(distDir)) === inputs) {
    build.logger.info('portal is up to date');
    return false;
  }
  return build.lock(async () => {
    // Another process may have built these very inputs while this one waited for the lock.
    if ((await readBuildStamp(distDir)) === inputs) {
      build.logger.info('portal is up to date (another process built it)');
      return false;
    }
    build.logger.info('building the portal (policies or portal code changed since the last build)');
    await removeLeftStagingFolders(build.portalDir);
    const staging = await mkdtemp(path.join(build.portalDir, STAGING_PREFIX));
    await runAstroBuild(build, staging);
    await writeFile(path.join(staging, STAMP_FILE), inputs);
    await swapIntoPlace(staging, distDir, path.join(build.portalDir, PREVIOUS_DIR));
    return true;
  });
}

/** Staging folders of holders that crashed; only the lock holder builds, so none is in use. */
async function removeLeftStagingFolders(portalDir: string): Promise<void> {
  for (const entry of await readdir(portalDir)) {
    if (entry.startsWith(STAGING_PREFIX)) await rm(path.join(portalDir, entry), { recursive: true, force: true });
  }
}

/** Replaces dist with the finished build; readers of dist take the same lock, so none sees the moment in between. */
async function swapIntoPlace(staging: string, distDir: string, previous: string): Promise<void> {
  await rm(previous, { recursive: true, force: true });
  if (existsSync(distDir)) await rename(distDir, previous);
  await rename(staging, distDir);
  await rm(previous, { recursive: true, force: true });
}

/**
 * What the pages show, hashed. The database is not part of it: the pages
 * that show its data (the requester's pages, retention, transparency) are
 * rendered on request by the build's server part (api/src/http/live-pages.ts).
 */
async function hashInputs(build: PortalBuild): Promise<string> {
  const hash = createHash('sha256').update(`today=${build.today}\n`);
  hash.update(`publicUrl=${build.publicUrl}\n`);
  for (const root of [build.portalDir, build.policiesDir]) {
    for (const file of await listFiles(root)) {
      hash.update(`${path.relative(root, file)}\n`).update(await readFile(file));
    }
  }
  return hash.digest('hex');
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith(STAGING_PREFIX)) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** The Astro CLI the portal in `portalDir` installed, to run with this Node (no pnpm needed on PATH). */
export function astroCli(portalDir: string): string {
  return path.join(path.dirname(createRequire(path.join(portalDir, 'package.json')).resolve('astro/package.json')), 'bin/astro.mjs');
}

function runAstroBuild(build: PortalBuild, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroCli(build.portalDir), 'build', '--outDir', outDir], {
      cwd: build.portalDir,
      // No telemetry: a build must not call out to the network.
      env: {
        ...process.env,
        PORTAL_TODAY: build.today,
        // The one public origin: the server's config, never a default of the portal's own.
        PUBLIC_SITE_URL: build.publicUrl,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`The portal build failed (astro build exited with ${code}); see its output above.`)),
    );
  });
}
