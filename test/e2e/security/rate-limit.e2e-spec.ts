import { register } from 'prom-client';
import { RateLimitStore } from '../../../src/state/rate-limit.store';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { sleep } from '../../utils/rest';
import { mintToken, request, TEST_API_KEY } from '../../utils/tokens';

const ORIGIN = 'http://allowed.example';
const DLL_BODY = { client_version: '1.0.0', peer_id: '150001', timestamp: 1 };
let ipCounter = Math.floor(Math.random() * 200);
/** Each test gets its own client address (through the trusted proxy), so counters never mix. */
const freshIp = (): string => `198.51.${100 + (++ipCounter % 100)}.${Math.floor(Math.random() * 250) + 1}`;

describe('REST rate limits', () => {
  let app: TestApp;
  let untrusted: TestApp;

  beforeAll(async () => {
    const env = {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_WINDOW_SECONDS: '2',
      RATE_LIMIT_AUTH_PER_MINUTE: '3',
      RATE_LIMIT_API_PER_MINUTE: '5',
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      CORS_ORIGINS: ORIGIN,
      // Own Redis counters: other suites in this process may have used 127.0.0.1's buckets.
      REDIS_KEY_PREFIX: `t${process.pid}-rl-${Date.now()}:`,
    };
    app = await createTestApp({ ...env, TRUSTED_PROXIES: '127.0.0.1,::1/128' });
    untrusted = await createTestApp(env);
  });

  // Both apps share the embedded database in this file, so they are closed only at the end.
  afterAll(async () => {
    await app.close();
    await untrusted.close();
  });

  it('limits token requests per IP, then answers 429 with the body, headers and CORS headers; the window resets', async () => {
    const ip = freshIp();
    const headers = { 'x-forwarded-for': ip, 'x-api-key': TEST_API_KEY, origin: ORIGIN };
    for (let i = 0; i < 3; i++) {
      const ok = await request(app.url, 'POST', '/api/v1/auth/token', headers, DLL_BODY);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await request(app.url, 'POST', '/api/v1/auth/token', headers, DLL_BODY);
    const now = Math.floor(Date.now() / 1000);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error: 'rate_limit_exceeded',
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Rate limit exceeded\. Try again in [12] seconds\.$/),
      limit: 3,
      window_seconds: 2,
    });
    expect(refused.body.reset_time).toBeGreaterThanOrEqual(now);
    expect(refused.body.reset_time).toBeLessThanOrEqual(now + 3);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset')).toBe(String(refused.body.reset_time));
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    await sleep(2100);
    expect((await request(app.url, 'POST', '/api/v1/auth/token', headers, DLL_BODY)).status).toBe(200);
  });

  it('counts requests refused for a wrong key (401 with CORS headers), so key guessing is throttled', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const wrong = await request(
        app.url,
        'POST',
        '/api/v1/auth/token',
        { 'x-forwarded-for': ip, 'x-api-key': `guess-${i}`, origin: ORIGIN },
        DLL_BODY,
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_API_KEY');
      expect(wrong.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    }
    const right = await request(
      app.url,
      'POST',
      '/api/v1/auth/token',
      { 'x-forwarded-for': ip, 'x-api-key': TEST_API_KEY },
      DLL_BODY,
    );
    expect(right.status).toBe(429);
  });

  it('keys API limits by route group, not path, and keeps the auth group separate', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const answer = await request(app.url, 'GET', `/api/v1/hosts/h-${i}`, { 'x-forwarded-for': ip });
      expect(answer.status).toBe(404);
    }
    expect((await request(app.url, 'GET', '/api/v1/hosts/another', { 'x-forwarded-for': ip })).status).toBe(429);
    expect((await request(app.url, 'GET', '/api/v1/zones/', { 'x-forwarded-for': ip })).status).toBe(429);
    expect(
      (
        await request(
          app.url,
          'POST',
          '/api/v1/auth/token',
          { 'x-forwarded-for': ip, 'x-api-key': TEST_API_KEY },
          DLL_BODY,
        )
      ).status,
    ).toBe(200);
  });

  it('limits a token subject across addresses', async () => {
    const auth = { authorization: `Bearer ${mintToken(`subject-${freshIp()}`)}` };
    const [first, second] = [freshIp(), freshIp()];
    for (let i = 0; i < 3; i++) {
      expect((await request(app.url, 'GET', '/api/v1/zones/', { ...auth, 'x-forwarded-for': first })).status).toBe(200);
    }
    expect((await request(app.url, 'GET', '/api/v1/zones/', { ...auth, 'x-forwarded-for': second })).status).toBe(200);
    expect((await request(app.url, 'GET', '/api/v1/zones/', { ...auth, 'x-forwarded-for': second })).status).toBe(200);
    const refused = await request(app.url, 'GET', '/api/v1/zones/', { ...auth, 'x-forwarded-for': second });
    expect(refused.status).toBe(429);
  });

  it('exempts health, metrics and docs, and never blocks a CORS preflight', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      const health = await request(app.url, 'GET', '/health', { 'x-forwarded-for': ip });
      expect(health.status).toBe(200);
      expect(health.headers.get('x-ratelimit-limit')).toBeNull();
      expect((await request(app.url, 'GET', '/openapi.json', { 'x-forwarded-for': ip })).status).toBe(200);
    }
    for (let i = 0; i < 6; i++) {
      await request(app.url, 'GET', '/api/v1/zones/', { 'x-forwarded-for': ip });
    }
    const preflight = await fetch(`${app.url}/api/v1/zones/`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'x-forwarded-for': ip },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const results: number[] = [];
    for (let i = 0; i < 4; i++) {
      results.push(
        (
          await request(
            untrusted.url,
            'POST',
            '/api/v1/auth/token',
            { 'x-forwarded-for': freshIp(), 'x-api-key': TEST_API_KEY },
            DLL_BODY,
          )
        ).status,
      );
    }
    expect(results).toEqual([200, 200, 200, 429]);
  });

  it('fails open when the store errors, and counts the error', async () => {
    const store = app.app.get(RateLimitStore);
    const original = store.hit.bind(store);
    const errors = register.getSingleMetric('p2p_rate_limit_store_errors_total');
    const before = (await errors!.get()).values[0]?.value ?? 0;
    store.hit = () => Promise.reject(new Error('store down'));
    try {
      const ip = freshIp();
      for (let i = 0; i < 7; i++) {
        expect((await request(app.url, 'GET', '/api/v1/zones/', { 'x-forwarded-for': ip })).status).toBe(200);
      }
    } finally {
      store.hit = original;
    }
    expect((await errors!.get()).values[0].value).toBe(before + 7);
  });
});
