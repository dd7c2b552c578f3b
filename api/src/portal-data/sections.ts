// The sections of the portal snapshot: which page reads what.
import { metricsOf } from '../deletion-requests/deletion-requests.service.ts';
import type { SnapshotSection } from './portal-snapshot.ts';

export const PORTAL_SNAPSHOT_SECTIONS: Record<string, SnapshotSection> = {
  /** /<org>/transparency/: this year's and last year's deletion-request figures. */
  transparency: async (db, slug, now) => {
    const year = now.getUTCFullYear();
    return { metrics: [await metricsOf(db, slug, year, now), await metricsOf(db, slug, year - 1, now)] };
  },
};
