import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { SlowestProjectsFirst } from './test/helpers/sequencer.ts';

const requireFromApi = createRequire(new URL('./api/package.json', import.meta.url));

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds; Node (and so graphql-yoga) loads
    // the CommonJS one, and the API's own imports must get the same instance,
    // or `instanceof GraphQLError` fails across the two.
    alias: [{ find: /^graphql$/, replacement: requireFromApi.resolve('graphql') }],
  },
  test: {
    // One PostgreSQL for the run; each test file makes its own database on it.
    globalSetup: ['test/helpers/global-setup.ts'],
    // A safety net for a test that hangs, not a speed limit: with files in
    // parallel on a shared 2-core machine, the heaviest (tamper.test.ts's 200
    // tamperings) take well over 30 s when others load it too.
    testTimeout: 120_000,
    // A page or a job answering an action may take seconds on a busy machine
    // (files run in parallel, and CI machines are shared): polled
    // expectations wait that long before they fail, not vitest's 1 s.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 300_000,
    pool: 'forks',
    sequence: { sequencer: SlowestProjectsFirst },
    // More files than cores run at once: each spends part of its time
    // waiting on processes of its own (PostgreSQL, Chromium, Astro, a
    // server), and each has its own database (see
    // test/db/concurrent-migrations.test.ts). Measured on 2 cores: see
    // "Tests" in the README. `--maxWorkers` overrides it.
    maxWorkers: 5,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // One module graph per worker, not per file: importing the API
          // anew for each of these short files cost a fifth of their time.
          // They share no state but their modules: each file has its own
          // database, server and services.
          isolate: false,
          exclude: ['**/node_modules/**', 'test/portal/**', 'test/e2e/**', 'test/dashboard/built-*.test.ts'],
        },
      },
      // Real Chromium on the portal built once per run from the repository's
      // policies (test/helpers/seed-portal.ts): they build nothing
      // themselves, so they run beside the unit files.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/browser/**/*.test.ts', 'test/dashboard/built-*.test.ts'],
        },
      },
      // The built portal's pages without a browser, and the files that
      // build the portal themselves (or run `pnpm start`, which does), each
      // from its own copy of portal/ (test/helpers/portal-build.ts), so they
      // run beside everything else.
      {
        extends: true,
        test: {
          name: 'build',
          include: ['test/portal/**/*.test.ts', 'test/e2e/*.test.ts'],
        },
      },
    ],
  },
});
