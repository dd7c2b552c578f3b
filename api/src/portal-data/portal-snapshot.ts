// Writes the database's public figures for the static portal build, one file
// per organization and section (portal/src/lib/snapshot.ts reads them). The
// pages refresh the same data live from /graphql, so the snapshot only has
// to be right at build time.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@governance/db';
import { listOrganizations } from '../policies/policies.service.ts';

/** Public data of one organization for one page; no personal data, no secrets. */
export type SnapshotSection = (db: Db, organizationSlug: string, now: Date) => Promise<unknown>;

export async function writePortalSnapshot(db: Db, directory: string, sections: Record<string, SnapshotSection>, now: Date): Promise<void> {
  const organizations = (await listOrganizations({ db })).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  // Written afresh: an organization or section that is gone must not linger in the next build.
  await rm(directory, { recursive: true, force: true });
  for (const { slug } of organizations) {
    await mkdir(path.join(directory, slug), { recursive: true });
    for (const [name, read] of Object.entries(sections)) {
      await writeFile(path.join(directory, slug, `${name}.json`), `${JSON.stringify(await read(db, slug, now), null, 2)}\n`);
    }
  }
}
