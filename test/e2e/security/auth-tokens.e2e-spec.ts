import { createTestApp, TestApp } from '../../utils/create-test-app';
import { decodeClaims, mintToken, request, TEST_API_KEY } from '../../utils/tokens';

const DLL_BODY = { client_version: '1.0.0', peer_id: '150001', timestamp: 1767225600 };

describe('Token issuance and refresh', () => {
  let open: TestApp;
  let keyed: TestApp;

  beforeAll(async () => {
    open = await createTestApp({ JWT_VALIDATION_ENABLED: 'true' });
    keyed = await createTestApp({ API_KEY_VALIDATION_ENABLED: 'true', COORDINATOR_API_KEY: TEST_API_KEY });
  });

  // Both apps share the embedded database in this file, so they are closed only at the end.
  afterAll(async () => {
    await open.close();
    await keyed.close();
  });

  it('answers the DLL body with token === access_token and the documented claims', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await request(open.url, 'POST', '/api/v1/auth/token', { 'user-agent': 'P2P-DLL/1.0.0' }, DLL_BODY);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      token: expect.any(String),
      access_token: answer.body.token,
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const claims = decodeClaims(answer.body.token);
    expect(claims).toMatchObject({
      sub: '150001',
      player_id: '150001',
      type: 'access',
      role: 'client',
      jti: expect.any(String),
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(decodeClaims(answer.body.refresh_token)).toMatchObject({ sub: '150001', type: 'refresh' });
  });

  it('answers the guide body, carrying user_id, with distinct tokens per request', async () => {
    const first = await request(open.url, 'POST', '/api/v1/auth/token', {}, { player_id: 'p-7', user_id: 'acct-7' });
    const second = await request(open.url, 'POST', '/api/v1/auth/token', {}, { player_id: 'p-7' });
    expect(first.status).toBe(200);
    expect(decodeClaims(first.body.access_token)).toMatchObject({ sub: 'p-7', user_id: 'acct-7' });
    expect(second.body.token).not.toBe(first.body.token);
  });

  it.each([
    [{}, 'player_id'],
    [{ peer_id: 'a b' }, 'peer_id'],
    [{ player_id: 'x'.repeat(65) }, 'player_id'],
    [{ player_id: 'a', peer_id: 'b' }, 'peer_id'],
    [{ player_id: 'a', api_key: 'k'.repeat(513) }, 'api_key'],
    [{ peer_id: 'a', client_version: '<script>' }, 'client_version'],
  ])('refuses the bad body %j with 422 naming %s', async (body, field) => {
    const answer = await request(open.url, 'POST', '/api/v1/auth/token', {}, body);
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refreshes with a refresh token in the body and refuses an access token there', async () => {
    const issued = (await request(open.url, 'POST', '/api/v1/auth/token', {}, DLL_BODY)).body;
    const refreshed = await request(
      open.url,
      'POST',
      '/api/v1/auth/refresh',
      {},
      { refresh_token: issued.refresh_token },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token).toBe(refreshed.body.access_token);
    expect(decodeClaims(refreshed.body.token)).toMatchObject({ sub: '150001', type: 'access' });
    const wrongType = await request(
      open.url,
      'POST',
      '/api/v1/auth/refresh',
      {},
      { refresh_token: issued.access_token },
    );
    expect(wrongType.status).toBe(401);
    expect(wrongType.body.code).toBe('INVALID_TOKEN');
  });

  it('refreshes with only the Bearer access token and body {} (the DLL), including one expired 59 minutes ago', async () => {
    const fresh = await request(
      open.url,
      'POST',
      '/api/v1/auth/refresh',
      { authorization: `Bearer ${mintToken('150001')}` },
      {},
    );
    expect(fresh.status).toBe(200);
    const lateButInGrace = mintToken('150001', { issuedSecondsAgo: 3600 + 59 * 60, ttlSeconds: 3600 });
    const late = await request(
      open.url,
      'POST',
      '/api/v1/auth/refresh',
      { authorization: `Bearer ${lateButInGrace}` },
      {},
    );
    expect(late.status).toBe(200);
    expect(decodeClaims(late.body.token).exp).toBeGreaterThan(Date.now() / 1000 + 3000);
    // The DLL's next hourly refresh sends the token it was given: that works, and so on.
    const next = await request(
      open.url,
      'POST',
      '/api/v1/auth/refresh',
      { authorization: `Bearer ${late.body.token}` },
      {},
    );
    expect(next.status).toBe(200);
    expect(decodeClaims(next.body.token)).toMatchObject({ fam: decodeClaims(lateButInGrace).fam, gen: 2 });
  });

  it('refuses a Bearer token expired 61 minutes ago, a refresh token as Bearer, a foreign signature and nothing at all', async () => {
    const tooLate = mintToken('150001', { issuedSecondsAgo: 3600 + 61 * 60, ttlSeconds: 3600 });
    const cases: [Record<string, string>, string][] = [
      [{ authorization: `Bearer ${tooLate}` }, 'TOKEN_EXPIRED'],
      [{ authorization: `Bearer ${mintToken('150001', { type: 'refresh' })}` }, 'INVALID_TOKEN'],
      [
        { authorization: `Bearer ${mintToken('150001', { secret: 'another-secret-another-secret-0000' })}` },
        'INVALID_TOKEN',
      ],
      [{}, 'UNAUTHORIZED'],
    ];
    for (const [headers, code] of cases) {
      const answer = await request(open.url, 'POST', '/api/v1/auth/refresh', headers, {});
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 401, code });
    }
  });

  it('refuses a refresh token as an access token on a client route', async () => {
    const answer = await request(open.url, 'GET', '/api/v1/zones/', {
      authorization: `Bearer ${mintToken('150001', { type: 'refresh' })}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('INVALID_TOKEN');
  });

  describe('with API_KEY_VALIDATION_ENABLED', () => {
    it('needs the key to issue, in the header or the body, and then issues a player token for the named player', async () => {
      const none = await request(keyed.url, 'POST', '/api/v1/auth/token', {}, DLL_BODY);
      expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
      const wrong = await request(keyed.url, 'POST', '/api/v1/auth/token', {}, { ...DLL_BODY, api_key: 'nope' });
      expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: 'INVALID_API_KEY' });
      const header = await request(keyed.url, 'POST', '/api/v1/auth/token', { 'X-API-Key': TEST_API_KEY }, DLL_BODY);
      expect(header.status).toBe(200);
      expect(decodeClaims(header.body.token)).toMatchObject({ sub: '150001', role: 'client' });
      const body = await request(
        keyed.url,
        'POST',
        '/api/v1/auth/token',
        {},
        { player_id: 'alice', api_key: TEST_API_KEY },
      );
      expect(body.status).toBe(200);
      expect(decodeClaims(body.body.token)).toMatchObject({ sub: 'alice', role: 'client' });
    });

    it('issues an admin token only for role admin with the key, keeps the role through a refresh, and it opens admin routes', async () => {
      const refused = await request(keyed.url, 'POST', '/api/v1/auth/token', {}, { player_id: 'ops', role: 'admin' });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
      const badRole = await request(
        keyed.url,
        'POST',
        '/api/v1/auth/token',
        { 'x-api-key': TEST_API_KEY },
        { player_id: 'ops', role: 'root' },
      );
      expect({ status: badRole.status, code: badRole.body.code }).toEqual({ status: 422, code: 'VALIDATION_FAILED' });
      const issued = (
        await request(
          keyed.url,
          'POST',
          '/api/v1/auth/token',
          { 'x-api-key': TEST_API_KEY },
          { player_id: 'ops', role: 'admin' },
        )
      ).body;
      expect(decodeClaims(issued.token).role).toBe('admin');
      const refreshed = (
        await request(keyed.url, 'POST', '/api/v1/auth/refresh', {}, { refresh_token: issued.refresh_token })
      ).body;
      expect(decodeClaims(refreshed.token).role).toBe('admin');
      const dashboard = await request(keyed.url, 'GET', '/api/v1/monitoring/dashboard', {
        authorization: `Bearer ${refreshed.token}`,
      });
      expect(dashboard.status).toBe(200);
    });
  });
});
