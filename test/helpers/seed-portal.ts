// The portal built from the repository's policies, once per test run: the
// files that only read it (the built site's checks, the browser tests) share
// one build instead of paying for an Astro build each. The run's global
// setup starts it before any file runs (global-setup.ts); a file that asks
// first waits for it. Files that build special fixtures (other policies, an
// origin) build their own.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { POLICIES_DIR } from './policy-files.ts';
import { buildPortal } from './portal-build.ts';

export const SEED_PORTAL = 'seed-portal';

/**
 * The folder of the seed portal's build.
 * Read it, never write into it: other files use it after this one.
 */
export function seedPortal(): Promise<string> {
  return sharedPortal(SEED_PORTAL, POLICIES_DIR);
}

/**
 * The portal of another policies folder, built once per test run under `name`
 * for the files that share it (e.g. the redline fixture: its build test and
 * its browser test). Read it, never write into it.
 */
export function sharedPortal(name: string, policiesDir: string): Promise<string> {
  return sharedPortalIn(inject('runDir'), name, policiesDir);
}

/** `sharedPortal` in the run folder `runDir`: for the global setup, where `inject` does not exist. */
export async function sharedPortalIn(runDir: string, name: string, policiesDir: string, signal?: AbortSignal): Promise<string> {
  const folder = path.join(runDir, name);
  const dist = path.join(folder, 'dist');
  const built = path.join(folder, 'built');
  for (;;) {
    if (existsSync(built)) return dist;
    try {
      // Whoever makes the folder builds; anyone else waits for its mark.
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await sleep(250);
      continue;
    }
    try {
      await buildPortal(dist, policiesDir, { signal });
      await writeFile(built, '');
      return dist;
    } catch (error) {
      // Let the next file try again rather than wait for a build that never comes.
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }
}
