import { ClientIpResolver, normaliseIp } from './client-ip';
import { limitGroupOf } from './rate-limit.rules';

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

describe('limitGroupOf', () => {
  it.each([
    ['POST', '/api/v1/auth/token', 'auth'],
    ['POST', '/api/v1/auth/refresh', 'auth'],
    ['GET', '/api/v1/hosts/h-1', 'api'],
    ['GET', '/api/v1/monitoring/dashboard', 'api'],
    ['GET', '/health', undefined],
    ['GET', '/health/ready', undefined],
    ['GET', '/api/v1/health', undefined],
    ['GET', '/metrics', undefined],
    ['GET', '/docs/static/index.html', undefined],
    ['GET', '/openapi.json', undefined],
    ['GET', '/api/v1/signaling/ws', undefined],
    ['OPTIONS', '/api/v1/hosts/h-1', undefined],
  ])('%s %s → %s', (method, url, group) => {
    expect(limitGroupOf(method, url)).toBe(group);
  });
});
