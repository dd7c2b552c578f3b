// Starts one real PostgreSQL for the whole run: the embedded one, or the
// server in TEST_DATABASE_URL (e.g. a PostgreSQL 15 to check compatibility);
// migrates one template database there, which every test file's database
// is copied from; and makes a folder for what the run's files share, where
// it starts building the seed portal (seed-portal.ts) at once, beside the
// migrations and the first files, rather than when a browser file first
// waits for it.
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, migrateToLatest, type RunningPostgres, startEmbeddedPostgres } from '@governance/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { POLICIES_DIR } from './policy-files.ts';
import { SEED_PORTAL, sharedPortalIn } from './seed-portal.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** The database, migrated to the latest schema, that test databases are created from. */
    migratedTemplate: string;
    /** A folder of this run only, removed when it ends. */
    runDir: string;
  }
}

let postgres: RunningPostgres | undefined;
let runDir: string | undefined;
let server: string | undefined;
let template: string | undefined;
let seedBuild: { done: Promise<unknown>; stop: AbortController } | undefined;

export async function setup(project: TestProject) {
  runDir = await mkdtemp(path.join(tmpdir(), 'governance-test-'));
  // PostgreSQL runs as its own user, which must be able to reach its data directory.
  await chmod(runDir, 0o755);
  project.provide('runDir', runDir);
  // Only the unit project never reads the seed portal.
  if (project.vitest.projects.some((selected) => selected.name !== 'unit')) {
    const stop = new AbortController();
    // A failed build is left for the files that need it to report: the first to ask builds again.
    seedBuild = { stop, done: sharedPortalIn(runDir, SEED_PORTAL, POLICIES_DIR, stop.signal).catch(() => undefined) };
  }
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    server = external;
  } else {
    // Thrown away when the run ends: it need not survive a machine crash, so it never waits for the disk.
    postgres = await startEmbeddedPostgres({ dataDir: path.join(runDir, 'postgres'), ephemeral: true, crashSafe: false });
    server = postgres.url;
  }
  project.provide('postgresUrl', server);
  // Named for this run: another run may share an external server.
  template = `test_template_${randomUUID().replaceAll('-', '')}`;
  await onServer(server, `create database ${template}`);
  const url = new URL(server);
  url.pathname = `/${template}`;
  const owner = createDb(url.toString(), { maxConnections: 1 });
  try {
    await migrateToLatest(owner);
  } finally {
    // PostgreSQL copies a template only while nobody is connected to it.
    await owner.destroy();
  }
  project.provide('migratedTemplate', template);
}

export async function teardown() {
  // A run of a few files may end before the build does: it is not waited out.
  seedBuild?.stop.abort();
  await seedBuild?.done;
  if (server && template) await onServer(server, `drop database if exists ${template} with (force)`);
  await postgres?.stop();
  if (runDir) await rm(runDir, { recursive: true, force: true });
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
