// The answers of anonymous public reads, kept as the exact bytes Yoga sent,
// so a repeated read skips the GraphQL stack. What they say changes only
// when a policy sync commits or at the next instant a version is published
// or takes effect, so:
// - a sync empties the cache: it clears the policy catalog in every process
//   (PostgreSQL NOTIFY, catalog-cache.ts), and the catalog's generation
//   moving on empties this cache at its next use;
// - an entry never outlives the next policy instant after it was filled;
// - and, like the catalog, an entry lives at most a minute, which bounds how
//   stale an answer can be should a notification ever be missed.
// Bounded in entries and in bytes (keys count: a POST key holds its body),
// least recently used first out.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PolicyCatalogCache } from '../policies/catalog-cache.ts';
import type { Clock } from '../shared/clock.ts';

export interface PublicReadAnswer {
  body: Buffer;
  contentType: string;
  /** Quoted, as sent in ETag: a hash of the body. */
  etag: string;
  /** The next instant a version is published or takes effect after the answer was made; null when none is scheduled. */
  changesAt: Date | null;
}

interface Entry extends PublicReadAnswer {
  /** When this process stops serving it: the policy instant, or a minute after filling. */
  expiresAt: number;
}

export interface PublicReadCacheOptions {
  /** The most bytes of keys and bodies kept; default 32 MiB. */
  maxBytes?: number;
  /** The most answers kept; default 10,000. */
  maxEntries?: number;
}

/** As the policy catalog's TTL: how long a missed sync notification can leave an answer stale. */
export const LONGEST_ENTRY_LIFE_MS = 60_000;

export const DEFAULT_PUBLIC_READ_CACHE_BYTES = 32 * 1024 * 1024;

/** A minute: how stale a browser's or CDN's copy may be after a sync (answers ask again cheaply, by ETag). */
export const DEFAULT_PUBLIC_READ_MAX_AGE_SECONDS = 60;

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

export class PublicReadCache {
  private readonly entries: LRUCache<string, Entry>;
  /** The catalog generation the entries were made in; when the catalog moves on, they are all stale. */
  private generation: number;

  private readonly catalog: PolicyCatalogCache;
  private readonly clock: Clock;

  constructor(catalog: PolicyCatalogCache, clock: Clock, options: PublicReadCacheOptions = {}) {
    this.catalog = catalog;
    this.clock = clock;
    this.entries = new LRUCache({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxBytes ?? DEFAULT_PUBLIC_READ_CACHE_BYTES,
      sizeCalculation: (entry, key) => entry.body.length + key.length + 200,
    });
    this.generation = catalog.generation;
  }

  /** The generation a fill starts in; hand it back to `set`, so an answer made before a sync is never kept. */
  get currentGeneration(): number {
    this.dropIfSynced();
    return this.generation;
  }

  get(key: string): PublicReadAnswer | undefined {
    this.dropIfSynced();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Keeps an answer made in `generation`, whose content was read at `madeAt`. */
  set(key: string, answer: PublicReadAnswer, generation: number, madeAt: Date): void {
    this.dropIfSynced();
    if (generation !== this.generation) return;
    const lifeEnd = madeAt.getTime() + LONGEST_ENTRY_LIFE_MS;
    const expiresAt = answer.changesAt ? Math.min(answer.changesAt.getTime(), lifeEnd) : lifeEnd;
    if (expiresAt <= this.clock.now().getTime()) return;
    this.entries.set(key, { ...answer, expiresAt });
  }

  get size(): number {
    this.dropIfSynced();
    return this.entries.size;
  }

  private dropIfSynced(): void {
    if (this.catalog.generation === this.generation) return;
    this.entries.clear();
    this.generation = this.catalog.generation;
  }
}
