// Which addresses share one per-address limit. One IPv6 customer is handed a
// whole /64 (2^64 addresses) and can pick a fresh one for every request, so
// counting IPv6 addresses one by one would give them unlimited attempts: they
// count by their /64 prefix. IPv4 addresses, also written IPv4-mapped
// (::ffff:192.0.2.1), count one by one. Pure.
import { isIPv4, isIPv6 } from 'node:net';

/** The key a per-address limit counts under: the IPv4 address, or the IPv6 /64 prefix (`2001:db8:0:1::/64`). */
export function addressForLimits(address: string): string {
  if (isIPv4(address)) return address;
  const withoutZone = address.split('%')[0] ?? address;
  if (!isIPv6(withoutZone)) return address;
  const groups = ipv6Groups(withoutZone);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const low = ((groups[6] ?? 0) << 16) | (groups[7] ?? 0);
    return [low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address ("::" expanded, a dotted IPv4 tail read as two groups). */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dotted
    ? `${address.slice(0, dotted.index)}${((Number(dotted[1]) << 8) | Number(dotted[2])).toString(16)}:${((Number(dotted[3]) << 8) | Number(dotted[4])).toString(16)}`
    : address;
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const before = parse(head);
  const after = tail === undefined ? [] : parse(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}
