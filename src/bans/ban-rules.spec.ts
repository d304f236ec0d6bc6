import { AppError } from '../common/errors/app-error';
import { banRefusal, banTarget, isActive } from './ban-rules';

describe('banTarget', () => {
  it('should take a peer id alone', () => {
    expect(banTarget({ peer_id: '150001' })).toEqual({ peerId: '150001' });
  });

  it('should take an address alone, in canonical form', () => {
    expect(banTarget({ ip: '203.0.113.7' })).toEqual({ ip: '203.0.113.7' });
    expect(banTarget({ ip: '::ffff:203.0.113.7' })).toEqual({ ip: '203.0.113.7' });
    expect(banTarget({ ip: ' 2001:DB8:0:0:0:0:0:1 ' })).toEqual({ ip: '2001:db8::1' });
  });

  it.each([{}, { peer_id: '150001', ip: '203.0.113.7' }])('should refuse %j: exactly one of peer_id or ip', (input) => {
    expect(() => banTarget(input)).toThrow(AppError);
    try {
      banTarget(input);
    } catch (error) {
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).message).toContain('exactly one of peer_id or ip');
    }
  });

  it.each(['not-an-ip', '1.2.3', '300.1.1.1', 'fe80::1%eth0', ''])('should refuse the address %j', (ip) => {
    expect(() => banTarget({ ip })).toThrow(/ip must be an IPv4 or IPv6 address/);
  });

  it('should refuse a malformed peer id', () => {
    expect(() => banTarget({ peer_id: 'has space' })).toThrow(/peer_id must be/);
  });
});

describe('isActive', () => {
  const now = Date.parse('2026-01-12T10:00:00Z');

  it('should hold a permanent ban until it is lifted', () => {
    expect(isActive({ expires_at: null, lifted_at: null }, now)).toBe(true);
    expect(isActive({ expires_at: null, lifted_at: new Date(now - 1) }, now)).toBe(false);
  });

  it('should stop a timed ban at its expiry by time alone', () => {
    const expires_at = new Date(now + 1000);
    expect(isActive({ expires_at, lifted_at: null }, now)).toBe(true);
    expect(isActive({ expires_at, lifted_at: null }, now + 999)).toBe(true);
    expect(isActive({ expires_at, lifted_at: null }, now + 1000)).toBe(false);
  });
});

describe('banRefusal', () => {
  it('should answer 403 BANNED with the reason and the end of a timed ban', () => {
    const error = banRefusal({ peer_id: 'p', reason: 'botting', expires_at: new Date('2026-01-13T00:00:00Z') });
    expect(error.code).toBe('BANNED');
    expect(error.status).toBe(403);
    expect(error.message).toBe('This player is banned until 2026-01-13T00:00:00.000Z: botting');
    expect(banRefusal({ peer_id: null, reason: 'x', expires_at: null }).message).toBe('This address is banned: x');
  });
});
