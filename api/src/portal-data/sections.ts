// The sections of the portal snapshot: which page reads what.
import type { SnapshotSection } from './portal-snapshot.ts';

export const PORTAL_SNAPSHOT_SECTIONS: Record<string, SnapshotSection> = {};
