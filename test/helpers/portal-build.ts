// The tests' Astro builds of the portal, each from a copy of its sources.
// Astro and Vite keep state inside the project they build: `.astro/`
// (generated types and content modules) and caches under `node_modules/`
// (`.astro/data-store.json`, the policies it loaded; `.vite/`). Two builds of
// one folder at once would read each other's half-written files, so each
// test builds its own copy: then builds run side by side, with each other
// and with the rest of the suite, and none touches portal/ itself.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { astroCli } from '@governance/api/cli/portal-build';
import { POLICIES_DIR, REPOSITORY_ROOT } from './policy-files.ts';

const PORTAL_DIR = path.join(REPOSITORY_ROOT, 'portal');
/** What a build writes or leaves in the project folder: never copied, and never shared. */
const BUILD_STATE = /[/\\](node_modules|dist|\.astro|\.dist-staging-[^/\\]*|\.dist-previous)$/;
/** Caches Astro, Vite and their plugins write under node_modules. */
const NODE_MODULES_CACHES = new Set(['.astro', '.vite', '.cache']);

/**
 * Copies portal/ into `parent`/portal and returns that folder. Its
 * node_modules is a folder of its own whose entries link to the installed
 * packages, so the packages resolve as in portal/ while the caches stay
 * per copy.
 */
export async function copyOfPortal(parent: string): Promise<string> {
  const copy = path.join(parent, 'portal');
  await cp(PORTAL_DIR, copy, { recursive: true, filter: (file) => !BUILD_STATE.test(file) });
  const installed = path.join(PORTAL_DIR, 'node_modules');
  await mkdir(path.join(copy, 'node_modules'));
  for (const entry of await readdir(installed)) {
    if (!NODE_MODULES_CACHES.has(entry)) await symlink(path.join(installed, entry), path.join(copy, 'node_modules', entry));
  }
  return copy;
}

/** Pinned so the built pages do not change with the calendar. */
export const PORTAL_TODAY = '2026-11-22';
/**
 * A safety net for a build that hangs, not a speed limit: at the start of a
 * run every file that builds does so at once, and on 2 cores a test's one or
 * two builds then take minutes.
 */
export const BUILD_TIMEOUT = 360_000;

export interface BuildOptions {
  /** Environment for Astro beyond the policies and the date (e.g. PUBLIC_SITE_URL). */
  env?: Record<string, string>;
  /** Stops the build (kills Astro), e.g. when the run ends first. */
  signal?: AbortSignal;
}

/**
 * Builds the portal (public pages and dashboard) of `policiesDir` into
 * `outDir`, from a copy of its sources (copyOfPortal), so any number of
 * builds may run at once.
 */
export async function buildPortal(outDir: string, policiesDir = POLICIES_DIR, { env = {}, signal }: BuildOptions = {}): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'portal-build-'));
  try {
    const portalDir = await copyOfPortal(work);
    await promisify(execFile)(process.execPath, [astroCli(portalDir), 'build', '--outDir', outDir], {
      cwd: portalDir,
      // No telemetry: the test must not depend on the network.
      env: { ...process.env, PORTAL_TODAY, POLICIES_DIR: policiesDir, ASTRO_TELEMETRY_DISABLED: '1', ...env },
      maxBuffer: 20 * 1024 * 1024,
      timeout: BUILD_TIMEOUT,
      signal,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`the portal build failed:\n${stdout}\n${stderr}`, { cause: error });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
