// The sections of the portal snapshot: which page reads what.
import { metricsOf } from '../deletion-requests/deletion-requests.service.ts';
import { createPolicyLoaders } from '../policies/policies.service.ts';
import { publicSchedule } from '../retention/retention.service.ts';
import type { SnapshotSection } from './portal-snapshot.ts';

export const PORTAL_SNAPSHOT_SECTIONS: Record<string, SnapshotSection> = {
  /** /<org>/retention/: the public retention schedule, as `retentionSchedule` returns it. */
  retention: (db, slug, now) => publicSchedule({ db, loaders: createPolicyLoaders(db) }, slug, now),
  /** /<org>/transparency/: this year's and last year's deletion-request figures. */
  transparency: async (db, slug, now) => {
    const year = now.getUTCFullYear();
    return { metrics: [await metricsOf({ db, now }, slug, year), await metricsOf({ db, now }, slug, year - 1)] };
  },
};
