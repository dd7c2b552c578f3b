// The policies folder the portal publishes. The API reads the policy files
// from POLICIES_DIR (default: the repository's policies/ folder) and passes
// its environment to the portal build, so both publish the same folder; a
// build run by hand (`pnpm portal:build`, `astro dev`) runs in portal/, next
// to it.
import path from 'node:path';

export const POLICIES_DIR = process.env.POLICIES_DIR ? path.resolve(process.env.POLICIES_DIR) : path.resolve('../policies');
