import { charIdOf, identityVerdict, RathenaCharacterRow } from './identity-verdict';

const NOW = 1_767_225_600;

function makeRow(overrides: Partial<RathenaCharacterRow> = {}): RathenaCharacterRow {
  return { online: 1, lastIp: '203.0.113.7', state: 0, unbanTime: 0, ...overrides };
}

describe(identityVerdict.name, () => {
  it('should vouch for an online character of a clean account playing from its login address', () => {
    expect(identityVerdict(makeRow(), '203.0.113.7', NOW)).toBe('ok');
  });

  it('should not know a character rAthena has no row for', () => {
    expect(identityVerdict(undefined, '203.0.113.7', NOW)).toBe('unknown_character');
  });

  it.each([
    ['a blocked account (state 5)', makeRow({ state: 5 })],
    ['a permanently banned account (state 1)', makeRow({ state: 1 })],
    ['a ban that ends one second from now', makeRow({ unbanTime: NOW + 1 })],
  ])('should refuse %s as banned', (_, row) => {
    expect(identityVerdict(row, '203.0.113.7', NOW)).toBe('banned');
  });

  it('should vouch again once the ban has run out', () => {
    expect(identityVerdict(makeRow({ unbanTime: NOW }), '203.0.113.7', NOW)).toBe('ok');
    expect(identityVerdict(makeRow({ unbanTime: NOW - 3600 }), '203.0.113.7', NOW)).toBe('ok');
  });

  it.each([0, 2, 255])('should refuse online=%s as not_online', (online) => {
    expect(identityVerdict(makeRow({ online }), '203.0.113.7', NOW)).toBe('not_online');
  });

  it('should decide in the documented order: banned, then not_online, then the address', () => {
    expect(identityVerdict(makeRow({ state: 1, online: 0, lastIp: '198.51.100.1' }), '203.0.113.7', NOW)).toBe(
      'banned',
    );
    expect(identityVerdict(makeRow({ online: 0, lastIp: '198.51.100.1' }), '203.0.113.7', NOW)).toBe('not_online');
    expect(identityVerdict(makeRow({ lastIp: '198.51.100.1' }), '203.0.113.7', NOW)).toBe('address_mismatch');
  });

  it.each([
    ['203.0.113.7', '::ffff:203.0.113.7'],
    ['203.0.113.7', '::FFFF:cb00:7107'],
    ['203.0.113.7', '0:0:0:0:0:ffff:203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['2001:DB8::7', '2001:db8:0:0:0:0:0:7'],
  ])('should match last_ip %j with the client address %j', (lastIp, clientIp) => {
    expect(identityVerdict(makeRow({ lastIp }), clientIp, NOW)).toBe('ok');
  });

  it.each([
    ['', '203.0.113.7'],
    ['203.0.113.7', ''],
    ['203.0.113.7', 'unknown'],
    ['unknown', 'unknown'],
    ['not-an-ip', 'not-an-ip'],
    ['203.0.113.7', '203.0.113.70'],
    ['203.0.113.07', '203.0.113.7'],
    ['203.0.113.7', '::203.0.113.7'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ])('should never match last_ip %j with the client address %j', (lastIp, clientIp) => {
    expect(identityVerdict(makeRow({ lastIp }), clientIp, NOW)).toBe('address_mismatch');
  });
});

describe(charIdOf.name, () => {
  it.each([
    ['150001', 150001],
    ['0', 0],
    ['4294967295', 4294967295],
  ])('should read %j as character %d', (peerId, charId) => {
    expect(charIdOf(peerId)).toBe(charId);
  });

  it.each([
    '',
    'abc',
    '150001a',
    '-1',
    '+150001',
    ' 150001',
    '150001 ',
    '0150001',
    '00',
    '150001.0',
    '1e6',
    '0x24a21',
    '4294967296',
    '99999999999',
    '１５０００１',
  ])('should find no character id in %j', (peerId) => {
    expect(charIdOf(peerId)).toBeUndefined();
  });
});
