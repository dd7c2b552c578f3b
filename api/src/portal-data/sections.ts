// The sections of the portal snapshot: which page reads what.
import { metricsOf } from '../deletion-requests/deletion-requests.service.ts';
import { publicSchedule } from '../retention/retention.service.ts';
import type { SnapshotSection } from './portal-snapshot.ts';

export const PORTAL_SNAPSHOT_SECTIONS: Record<string, SnapshotSection> = {
  /** /<org>/retention/: the public retention schedule, as `retentionSchedule` returns it. */
  retention: (db, slug, now) => publicSchedule(db, slug, now),
  /** /<org>/transparency/: this year's and last year's deletion-request figures. */
  transparency: async (db, slug, now) => {
    const year = now.getUTCFullYear();
    return { metrics: [await metricsOf(db, slug, year, now), await metricsOf(db, slug, year - 1, now)] };
  },
};
