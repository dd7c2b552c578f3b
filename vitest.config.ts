import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const requireFromApi = createRequire(new URL('./api/package.json', import.meta.url));

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds; Node (and so graphql-yoga) loads
    // the CommonJS one, and the API's own imports must get the same instance,
    // or `instanceof GraphQLError` fails across the two.
    alias: [{ find: /^graphql$/, replacement: requireFromApi.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One PostgreSQL for the run; each test file makes its own database on it.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
