// Builds the static portal when it is missing or stale. Stale means any input
// changed since the last build: a policy file, the portal's code, or the date,
// since which version is current depends on the day.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../shared/logger.ts';

const STAMP_FILE = '.build-inputs';
const SKIPPED = new Set(['node_modules', 'dist', '.astro']);

export interface PortalBuild {
  portalDir: string;
  policiesDir: string;
  /** The UTC date the build publishes for (YYYY-MM-DD). */
  today: string;
  /** The database's public figures for the pages (see api/src/portal-data); absent: pages load them live. */
  snapshotDir?: string;
  /** The public origin (config.publicUrl): absolute links, feeds, policies.json and the sitemap point here. */
  publicUrl: string;
  logger: Logger;
}

export function portalDistDir(portalDir: string): string {
  return path.join(portalDir, 'dist');
}

/** Returns true when it had to build. */
export async function ensurePortalBuilt(build: PortalBuild): Promise<boolean> {
  const stampFile = path.join(portalDistDir(build.portalDir), STAMP_FILE);
  const inputs = await hashInputs(build);
  const stamp = existsSync(stampFile) ? await readFile(stampFile, 'utf8') : '';
  if (stamp === inputs) {
    build.logger.info('portal is up to date');
    return false;
  }
  build.logger.info('building the portal (policies or portal code changed since the last build)');
  await runAstroBuild(build);
  await writeFile(stampFile, inputs);
  return true;
}

async function hashInputs(build: PortalBuild): Promise<string> {
  const hash = createHash('sha256').update(`today=${build.today}\n`);
  hash.update(`publicUrl=${build.publicUrl}\n`);
  const roots = [build.portalDir, build.policiesDir, ...(build.snapshotDir && existsSync(build.snapshotDir) ? [build.snapshotDir] : [])];
  for (const root of roots) {
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
    if (SKIPPED.has(entry.name)) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

function runAstroBuild(build: PortalBuild): Promise<void> {
  const astroBin = path.join(
    path.dirname(createRequire(path.join(build.portalDir, 'package.json')).resolve('astro/package.json')),
    'bin/astro.mjs',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroBin, 'build'], {
      cwd: build.portalDir,
      // No telemetry: a build must not call out to the network.
      env: {
        ...process.env,
        PORTAL_TODAY: build.today,
        // The one public origin: the server's config, never a default of the portal's own.
        PUBLIC_SITE_URL: build.publicUrl,
        ASTRO_TELEMETRY_DISABLED: '1',
        ...(build.snapshotDir ? { PORTAL_SNAPSHOT_DIR: build.snapshotDir } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`The portal build failed (astro build exited with ${code}); see its output above.`)),
    );
  });
}
