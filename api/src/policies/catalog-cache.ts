// Which policies exist and which versions they have changes only when a sync
// commits, so each process keeps it in memory. A sync notifies every replica
// through PostgreSQL (POLICY_CATALOG_CHANNEL) and they drop their copy; the
// TTL bounds staleness should a notification ever be missed. Which version
// is current is still computed per request from `now`.
import { LRUCache } from 'lru-cache';
import type { Policy, PolicyVersion } from './models.ts';

export const POLICY_CATALOG_CHANNEL = 'policy_catalog';

export interface CatalogEntry {
  policy: Policy;
  versions: PolicyVersion[];
}

export class PolicyCatalogCache {
  private readonly entries: LRUCache<string, CatalogEntry>;
  /** Bumped by `clear()`, so a read that started before a change cannot store what it read. */
  private generationCounter = 0;

  constructor(options: { ttlMs?: number; max?: number } = {}) {
    this.entries = new LRUCache({ max: options.max ?? 5000, ttl: options.ttlMs ?? 60_000 });
  }

  get(organizationSlug: string, policySlug: string): CatalogEntry | undefined {
    return this.entries.get(`${organizationSlug}/${policySlug}`);
  }

  get generation(): number {
    return this.generationCounter;
  }

  /** Stores an entry read from the database while `generation` was current. */
  set(organizationSlug: string, policySlug: string, entry: CatalogEntry, generation: number): void {
    if (generation === this.generationCounter) this.entries.set(`${organizationSlug}/${policySlug}`, entry);
  }

  clear(): void {
    this.generationCounter++;
    this.entries.clear();
  }
}
