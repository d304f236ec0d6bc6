import { canonicalIp, ClientIpResolver, normaliseIp } from './client-ip';

describe('ClientIpResolver', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    expect(new ClientIpResolver([]).resolve('10.0.0.5', '203.0.113.9')).toBe('10.0.0.5');
  });

  it('believes it only from a trusted proxy, walking right to left past trusted hops', () => {
    const resolver = new ClientIpResolver(['10.0.0.0/8', '192.0.2.1']);
    expect(resolver.resolve('10.0.0.5', '203.0.113.9')).toBe('203.0.113.9');
    expect(resolver.resolve('10.0.0.5', '198.51.100.7, 203.0.113.9, 192.0.2.1')).toBe('203.0.113.9');
    expect(resolver.resolve('172.16.0.1', '203.0.113.9')).toBe('172.16.0.1');
    expect(resolver.resolve('::ffff:10.0.0.5', '203.0.113.9')).toBe('203.0.113.9');
  });

  it('falls back to the socket address for a malformed or fully trusted chain', () => {
    const resolver = new ClientIpResolver(['10.0.0.0/8']);
    expect(resolver.resolve('10.0.0.5', 'not-an-ip')).toBe('10.0.0.5');
    expect(resolver.resolve('10.0.0.5', '10.1.1.1')).toBe('10.0.0.5');
  });

  it('refuses a bad TRUSTED_PROXIES entry and normalises mapped IPv4', () => {
    expect(() => new ClientIpResolver(['proxy.local'])).toThrow(/TRUSTED_PROXIES/);
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIp(undefined)).toBe('unknown');
  });
});

describe(canonicalIp.name, () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['  203.0.113.7\t', '203.0.113.7'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['::FFFF:CB00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['0000:0000:0000:0000:0000:FFFF:cb00:7107', '203.0.113.7'],
    ['::ffff:0:0', '0.0.0.0'],
    ['::ffff:ffff:ffff', '255.255.255.255'],
    [' ::ffff:127.0.0.1 ', '127.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['FE80::ABCD', 'fe80::abcd'],
    // Not IPv4-mapped: IPv4-compatible (deprecated) and IPv4-translated addresses stay IPv6.
    ['::203.0.113.7', '::cb00:7107'],
    ['::ffff:0:203.0.113.7', '::ffff:0:cb00:7107'],
    ['64:ff9b::203.0.113.7', '64:ff9b::cb00:7107'],
  ])('should write %j as %j', (address, canonical) => {
    expect(canonicalIp(address)).toBe(canonical);
  });

  it.each([
    [undefined],
    [''],
    ['   '],
    ['unknown'],
    ['203.0.113'],
    ['203.0.113.256'],
    ['203.000.113.7'],
    ['0203.0.113.7'],
    ['0xcb.0.113.7'],
    ['3405803783'],
    ['203.0.113.7:8080'],
    ['[2001:db8::1]'],
    ['2001:db8::1::2'],
    ['2001:db8:0:0:0:0:0:0:1'],
    ['fe80::1%eth0'],
    ['::ffff:203.0.113.7%1'],
    ['203.0.113.7, 10.0.0.1'],
    ['::ffff:203.0.113.7/128'],
    ['example.org'],
  ])('should find no address in %j', (address) => {
    expect(canonicalIp(address)).toBeUndefined();
  });

  it('should make every spelling of one address equal', () => {
    const spellings = [
      '203.0.113.7',
      '::ffff:203.0.113.7',
      '::FFFF:cb00:7107',
      '0:0:0:0:0:ffff:203.0.113.7',
      ' 203.0.113.7 ',
    ];
    expect(new Set(spellings.map(canonicalIp))).toEqual(new Set(['203.0.113.7']));
  });
});

describe(normaliseIp.name, () => {
  it('should key an address by its canonical form and keep anything else as given', () => {
    expect(normaliseIp('::ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(normaliseIp('2001:DB8:0::1')).toBe('2001:db8::1');
    expect(normaliseIp(' not-an-ip ')).toBe('not-an-ip');
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(normaliseIp('')).toBe('unknown');
    expect(normaliseIp('  ')).toBe('unknown');
    expect(normaliseIp(undefined)).toBe('unknown');
  });

  it('should let the resolver match trusted proxies and clients in any spelling', () => {
    const resolver = new ClientIpResolver(['2001:db8::/32']);
    expect(resolver.resolve('2001:DB8:0:0:0:0:0:5', '::FFFF:cb00:7107')).toBe('203.0.113.7');
  });
});
