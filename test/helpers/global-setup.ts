// Starts one real PostgreSQL for the whole run: the embedded one, or the
// server in TEST_DATABASE_URL (e.g. a PostgreSQL 15 to check compatibility).
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '@governance/db';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let postgres: RunningPostgres | undefined;

export async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return;
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'governance-test-'));
  // PostgreSQL runs as its own user, which must be able to reach its data directory.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'postgres');
  postgres = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  project.provide('postgresUrl', postgres.url);
}

export async function teardown() {
  await postgres?.stop();
}
