// Starts one real PostgreSQL for the whole run: the embedded one, or the
// server in TEST_DATABASE_URL (e.g. a PostgreSQL 15 to check compatibility);
// and makes a folder for what the run's test files share (the seed portal).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '@governance/db';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** A folder of this run only, removed when it ends. */
    runDir: string;
  }
}

let postgres: RunningPostgres | undefined;
let runDir: string | undefined;

export async function setup(project: TestProject) {
  runDir = await mkdtemp(path.join(tmpdir(), 'governance-test-'));
  // PostgreSQL runs as its own user, which must be able to reach its data directory.
  await chmod(runDir, 0o755);
  project.provide('runDir', runDir);
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return;
  }
  postgres = await startEmbeddedPostgres({ dataDir: path.join(runDir, 'postgres'), ephemeral: true });
  project.provide('postgresUrl', postgres.url);
}

export async function teardown() {
  await postgres?.stop();
  if (runDir) await rm(runDir, { recursive: true, force: true });
}
