import WebSocket from 'ws';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { decodeClaims, mintToken, request } from '../../utils/tokens';
import { TestWsClient } from '../../utils/ws-client';

const DLL_BODY = { client_version: '1.0.0', peer_id: '150001', timestamp: 1767225600 };

/**
 * Tokens can be taken back: refresh rotates (the presented pair is retired), a retired token
 * presented again revokes its whole family, logout revokes the caller's family, and the revocation
 * holds on REST and at WebSocket admission. Runs against the live-state store of the suite
 * (Redis in the CI run, in-process otherwise).
 */
describe('Token revocation', () => {
  let app: TestApp;
  const clients: TestWsClient[] = [];

  beforeAll(async () => {
    app = await createTestApp({ JWT_VALIDATION_ENABLED: 'true', P2P_ENABLED_ZONES: 'prontera' });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => app.close());

  const issue = async (): Promise<{ token: string; refresh_token: string }> => {
    const answer = await request(app.url, 'POST', '/api/v1/auth/token', {}, DLL_BODY);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const zones = (token: string) => request(app.url, 'GET', '/api/v1/zones/', { authorization: `Bearer ${token}` });
  const refresh = (body: Record<string, string>, token?: string) =>
    request(app.url, 'POST', '/api/v1/auth/refresh', token ? { authorization: `Bearer ${token}` } : {}, body);
  const status = (answer: { status: number; body: any }) => ({ status: answer.status, code: answer.body?.code });
  const wsCreate = async (token: string): Promise<TestWsClient> => {
    const client = new TestWsClient(
      new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, { headers: { authorization: `Bearer ${token}` } }),
    );
    await client.opened;
    clients.push(client);
    client.send({ type: 'create_session', peer_id: '150001', zone: 'prontera' });
    return client;
  };

  it('should rotate on refresh: new tokens of the same family, the presented pair retired everywhere', async () => {
    const first = await issue();
    const second = await refresh({ refresh_token: first.refresh_token });
    expect(second.status).toBe(200);
    expect(decodeClaims(second.body.token)).toMatchObject({ fam: decodeClaims(first.token).fam, gen: 1 });
    expect(status(await zones(first.token))).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect((await zones(second.body.token)).status).toBe(200);
  });

  it('should revoke the whole family when a retired refresh token is used again (a stolen token replayed)', async () => {
    const first = await issue();
    const honest = (await refresh({ refresh_token: first.refresh_token })).body;
    const replay = await refresh({ refresh_token: first.refresh_token });
    expect(status(replay)).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect(status(await zones(honest.token))).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect(status(await refresh({ refresh_token: honest.refresh_token }))).toEqual({
      status: 401,
      code: 'TOKEN_REVOKED',
    });
    // Another login of the same player is untouched.
    expect((await zones((await issue()).token)).status).toBe(200);
  });

  it("should not let the DLL's expired access token be renewed twice", async () => {
    const expired = mintToken('150001', { issuedSecondsAgo: 3700, ttlSeconds: 3600 });
    const renewed = await refresh({}, expired);
    expect(renewed.status).toBe(200);
    expect(status(await refresh({}, expired))).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect(status(await zones(renewed.body.token))).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
  });

  it('should revoke the caller family on logout: REST, refresh and WebSocket admission all refuse it', async () => {
    const mine = await issue();
    const logout = await request(app.url, 'POST', '/api/v1/auth/logout', { authorization: `Bearer ${mine.token}` });
    expect(logout.status).toBe(204);
    expect(status(await zones(mine.token))).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
    expect(status(await refresh({ refresh_token: mine.refresh_token }))).toEqual({
      status: 401,
      code: 'TOKEN_REVOKED',
    });
    const socket = await wsCreate(mine.token);
    expect((await socket.next('error')).code).toBe('TOKEN_REVOKED');
    expect((await socket.closed).code).toBe(1008);
    // The same revoked token carried in the first message instead of the header.
    const viaMessage = await TestWsClient.connect(app.wsUrl);
    clients.push(viaMessage);
    viaMessage.send({ type: 'create_session', peer_id: '150001', zone: 'prontera', token: mine.token });
    expect((await viaMessage.next('error')).code).toBe('TOKEN_REVOKED');
    // A fresh login works again.
    const fresh = await wsCreate((await issue()).token);
    expect((await fresh.next('session_created')).session_id).toEqual(expect.any(String));
  });

  it('should refuse logout without a valid Bearer access token', async () => {
    expect(status(await request(app.url, 'POST', '/api/v1/auth/logout'))).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    const { refresh_token } = await issue();
    expect(
      status(await request(app.url, 'POST', '/api/v1/auth/logout', { authorization: `Bearer ${refresh_token}` })),
    ).toEqual({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('should refuse a token issued a year in the future, on REST and at WebSocket admission', async () => {
    const future = mintToken('150001', { issuedSecondsAgo: -365 * 86400 });
    expect(status(await zones(future))).toEqual({ status: 401, code: 'INVALID_TOKEN' });
    expect(status(await refresh({}, future))).toEqual({ status: 401, code: 'INVALID_TOKEN' });
    const socket = await wsCreate(future);
    expect((await socket.next('error')).code).toBe('INVALID_TOKEN');
  });
});
