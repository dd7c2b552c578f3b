import { addressForLimits } from '@governance/api/shared/address-for-limits';
import { describe, expect, it } from 'vitest';

describe('the address a per-address limit counts under', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::ffff:cb00:7109', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2::192.0.2.1', '2001:db8:1:2::/64'],
  ])('counts %s as %s', (address, key) => {
    expect(addressForLimits(address)).toBe(key);
  });

  it('puts every address of one IPv6 /64 under one limit, and the next /64 under another', () => {
    expect(addressForLimits('2001:db8:aa:bb::1')).toBe(addressForLimits('2001:db8:aa:bb:ffff:1234:5678:9abc'));
    expect(addressForLimits('2001:db8:aa:bb::1')).not.toBe(addressForLimits('2001:db8:aa:bc::1'));
  });
});
