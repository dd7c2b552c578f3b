// Data the API publishes for the static build: public figures that live in
// the database (retention schedules, transparency metrics). `pnpm start`
// writes them into PORTAL_SNAPSHOT_DIR as <org>/<section>.json before each
// build. Without a snapshot (a build with no database) a page renders its
// loading state, and its script fetches the live data from /graphql.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function readSnapshot<T>(organization: string, section: string): Promise<T | null> {
  const directory = process.env.PORTAL_SNAPSHOT_DIR;
  if (!directory) return null;
  try {
    return JSON.parse(await readFile(path.join(directory, organization, `${section}.json`), 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
