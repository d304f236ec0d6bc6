import { limitGroupOf } from './rate-limit.rules';

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
