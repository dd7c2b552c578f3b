// The exact bytes that are hashed: a known answer, so a change to the
// envelope (which would break every stored chain) cannot slip through.
import { createHash } from 'node:crypto';
import {
  ChainWalker,
  canonicalEventText,
  canonicalEventTextOfCanonicalMetadata,
  canonicalMetadata,
  eventHash,
  GENESIS_HASH,
  type UnchainedEvent,
} from '@governance/api/audit/chain';
import { formatAuditTimestamp } from '@governance/api/audit/timestamp';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './fixtures.ts';

const event: UnchainedEvent = {
  chain: '6f1c1c2e-8d1b-4d7e-9a53-1f0f4b2a9c01',
  organizationId: '6f1c1c2e-8d1b-4d7e-9a53-1f0f4b2a9c01',
  occurredAt: '2026-11-22T03:00:00.123000Z',
  actor: { type: 'USER', id: 'u1', label: 'Zoë <zoe@example.com>' },
  action: 'policy.version.published',
  target: { type: 'PolicyVersion', id: 'v1' },
  requestId: 'r1',
  ip: '203.0.113.7',
  userAgent: null,
  metadata: '{"a":[1,"two",null],"version":"1.0"}',
};

describe('the audit hash chain', () => {
  it('hashes the RFC 8785 form of the event, its place in the chain and the previous hash', () => {
    const text = canonicalEventText(event, 1, GENESIS_HASH);
    expect(text).toBe(
      '{"action":"policy.version.published","actor":{"id":"u1","label":"Zoë <zoe@example.com>","type":"USER"},' +
        '"chain":"6f1c1c2e-8d1b-4d7e-9a53-1f0f4b2a9c01","ip":"203.0.113.7","metadata":{"a":[1,"two",null],"version":"1.0"},' +
        '"occurredAt":"2026-11-22T03:00:00.123000Z","organizationId":"6f1c1c2e-8d1b-4d7e-9a53-1f0f4b2a9c01",' +
        `"prevHash":"${GENESIS_HASH}","requestId":"r1","seq":1,"target":{"id":"v1","type":"PolicyVersion"},"userAgent":null}`,
    );
    expect(eventHash(event, 1, GENESIS_HASH)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(eventHash(event, 2, GENESIS_HASH)).not.toBe(eventHash(event, 1, GENESIS_HASH));
  });

  it('builds the same bytes as the RFC 8785 library for 5,000 random events', () => {
    const random = seededRandom(8785);
    const pieces = [
      'a',
      'Zoë',
      '日本',
      '🔏',
      '"',
      '\\',
      '\n',
      '\u0000',
      '\u001f',
      '\u2028',
      // A surrogate pair; lone surrogates have no RFC 8785 form (recordAuditEvent replaces them).
      '\ud83d\ude00',
      ' ',
      '€',
      '\u007f',
      '<',
      'é',
    ];
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    const maybe = () => (random() < 0.3 ? null : text());
    const numbers = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345, 2 ** 53 - 1, 4.35, -1.5e-300];
    const value = (depth: number): unknown => {
      const pick = random();
      if (depth > 2 || pick < 0.3) return numbers[Math.floor(random() * numbers.length)];
      if (pick < 0.5) return text();
      if (pick < 0.6) return random() < 0.5 ? null : random() < 0.5;
      if (pick < 0.8) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]));
    };
    for (let index = 0; index < 5000; index++) {
      const candidate: UnchainedEvent = {
        chain: text(),
        organizationId: maybe(),
        occurredAt: text(),
        actor: { type: 'USER', id: maybe(), label: maybe() },
        action: text(),
        target: { type: maybe(), id: maybe() },
        requestId: maybe(),
        ip: maybe(),
        userAgent: maybe(),
        metadata: JSON.stringify(value(0)),
      };
      const seq = 1 + Math.floor(random() * 2 ** 40);
      const metadata = canonicalMetadata(candidate.metadata) ?? 'null';
      expect(canonicalEventTextOfCanonicalMetadata({ ...candidate, metadata }, seq, GENESIS_HASH)).toBe(
        canonicalEventText(candidate, seq, GENESIS_HASH),
      );
    }
  });

  it('formats timestamps with fixed microsecond precision', () => {
    expect(formatAuditTimestamp(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000000Z');
    expect(formatAuditTimestamp(new Date('2026-01-02T03:04:05.789Z'))).toBe('2026-01-02T03:04:05.789000Z');
  });

  it('walks a chain and stops at the first event that does not fit', () => {
    const first = { ...event, seq: 1, prevHash: GENESIS_HASH, hash: eventHash(event, 1, GENESIS_HASH) };
    const second = { ...event, action: 'policy.created', seq: 2, prevHash: first.hash, hash: '' };
    second.hash = eventHash(second, 2, first.hash);
    const walker = new ChainWalker(event.chain, 1, GENESIS_HASH);
    expect(walker.check(first)).toBe(true);
    expect(walker.check({ ...second, metadata: '{"version":"1.0","a":[1,"two",null]}' })).toBe(false);
    expect(walker.result()).toEqual({
      ok: false,
      eventsChecked: 1,
      firstBadSeq: 2,
      reason: 'event 2 has metadata that is not in its sealed (canonical) form',
    });
    const intact = new ChainWalker(event.chain, 1, GENESIS_HASH);
    expect([intact.check(first), intact.check(second)]).toEqual([true, true]);
    expect(intact.result()).toEqual({ ok: true, eventsChecked: 2, firstBadSeq: null, reason: null });
  });
});
