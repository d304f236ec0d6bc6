import WebSocket from 'ws';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { RathenaTestDb } from '../../utils/rathena-db';
import { TcpProxy } from '../../utils/tcp-proxy';
import { decodeClaims, request, TEST_API_KEY } from '../../utils/tokens';
import { TestWsClient } from '../../utils/ws-client';

const HOME = '203.0.113.7';
const ELSEWHERE = '198.51.100.9';

/**
 * The production recipe for the shipped DLL: JWT and the API key on, IDENTITY_VERIFICATION=rathena.
 * The DLL sends no key and no WebSocket token; rAthena's own database (the machine's MariaDB, a
 * database of this suite's) vouches for it. Client addresses come through a trusted proxy's
 * X-Forwarded-For, so one machine can play players at several addresses.
 */
describe('Proven identity: rAthena vouches for the shipped DLL', () => {
  let rathena: RathenaTestDb;
  let proxy: TcpProxy;
  let app: TestApp;
  const clients: TestWsClient[] = [];

  beforeAll(async () => {
    rathena = await RathenaTestDb.create('p2p_rathena_e2e_test');
    proxy = new TcpProxy('127.0.0.1', Number(new URL(rathena.url).port || 3306));
    await proxy.start();
    app = await createTestApp({
      JWT_VALIDATION_ENABLED: 'true',
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      IDENTITY_VERIFICATION: 'rathena',
      RATHENA_DATABASE_URL: proxy.rewrite(rathena.url),
      RATHENA_DATABASE_TIMEOUT_MS: '500',
      IDENTITY_CACHE_SECONDS: '0',
      TRUSTED_PROXIES: '127.0.0.1',
      P2P_ENABLED_ZONES: 'prontera',
      WS_IDENTIFY_GRACE_MS: '2000',
    });
  });
  afterEach(async () => {
    proxy.resume();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await app.close();
    await proxy.stop();
    await rathena.drop();
  });

  const from = (address: string) => ({ 'x-forwarded-for': address });
  const issue = (peerId: string | number, address: string) =>
    request(app.url, 'POST', '/api/v1/auth/token', from(address), {
      client_version: '1.0.0',
      peer_id: String(peerId),
      timestamp: 1767225600,
    });
  const dll = async (address: string, query = ''): Promise<TestWsClient> => {
    const client = new TestWsClient(
      new WebSocket(`${app.wsUrl}/api/v1/signaling/ws${query}`, { headers: from(address) }),
    );
    await client.opened;
    clients.push(client);
    return client;
  };
  const seats = async (peerId: number): Promise<number> =>
    Number(
      (
        await app.db.query<{ n: string }>('SELECT count(*) AS n FROM session_players WHERE player_id = $1', [
          String(peerId),
        ])
      )[0].n,
    );
  const playing = (fields = {}) => rathena.insertCharacter({ online: 1, lastIp: HOME, ...fields });

  it('should issue a player token for the DLL body without a key when rAthena vouches, and seat its keyless WebSocket', async () => {
    const alice = await playing();
    const bob = await playing({ lastIp: ELSEWHERE });
    const token = await issue(alice, HOME);
    expect(token.status).toBe(200);
    expect(decodeClaims(token.body.token)).toMatchObject({ sub: String(alice), role: 'client' });
    const a = await dll(HOME);
    a.send({ type: 'create_session', peer_id: String(alice), zone: 'prontera', capabilities: { webrtc: true } });
    const created = await a.next('session_created');
    const b = await dll(ELSEWHERE);
    b.send({ type: 'create_session', peer_id: String(bob), zone: 'prontera' });
    expect((await b.next('session_created')).session_id).toBe(created.session_id);
    expect((await a.next('peer_joined')).peer_id).toBe(String(bob));
    b.send({ type: 'offer', to: String(alice), offer: 'v=0' });
    expect(await a.next('offer')).toMatchObject({ from: String(bob) });
  });

  it('should accept the address in its IPv4-mapped IPv6 spelling', async () => {
    const alice = await playing();
    expect((await issue(alice, `::ffff:${HOME}`)).status).toBe(200);
    const a = await dll(`::FFFF:${HOME}`);
    a.send({ type: 'create_session', peer_id: String(alice), zone: 'prontera' });
    await a.next('session_created');
  });

  it.each([
    ['not_online', { online: 0 }, HOME],
    ['address_mismatch', {}, ELSEWHERE],
    ['banned', { state: 5 }, HOME],
    ['banned', { unbanTime: Math.floor(Date.now() / 1000) + 3600 }, HOME],
  ])('should refuse %s on token issuance and on the WebSocket, seating nobody', async (reason, fields, address) => {
    const peer = await playing(fields);
    const answer = await issue(peer, address);
    expect({ status: answer.status, code: answer.body.code, reason: answer.body.reason }).toEqual({
      status: 403,
      code: 'IDENTITY_REJECTED',
      reason,
    });
    const socket = await dll(address);
    socket.send({ type: 'create_session', peer_id: String(peer), zone: 'prontera' });
    expect(await socket.next('error')).toMatchObject({ code: 'IDENTITY_REJECTED', reason });
    expect((await socket.closed).code).toBe(1008);
    expect(await seats(peer)).toBe(0);
  });

  it('should refuse a character rAthena does not know, and a peer id that cannot be a character', async () => {
    for (const peerId of ['999999', 'alice']) {
      const answer = await issue(peerId, HOME);
      expect({ status: answer.status, code: answer.body.code, reason: answer.body.reason }).toEqual({
        status: 403,
        code: 'IDENTITY_REJECTED',
        reason: 'unknown_character',
      });
    }
  });

  it('should let a launcher with the key mint without asking rAthena, and an expired ban no longer applies', async () => {
    const offline = await rathena.insertCharacter({ online: 0, lastIp: HOME });
    expect(
      (
        await request(
          app.url,
          'POST',
          '/api/v1/auth/token',
          { 'x-api-key': TEST_API_KEY },
          { player_id: String(offline) },
        )
      ).status,
    ).toBe(200);
    const unbanned = await playing({ unbanTime: Math.floor(Date.now() / 1000) - 60 });
    expect((await issue(unbanned, HOME)).status).toBe(200);
  });

  it("should vouch for the reference dialect's ?peer_id= join with no token", async () => {
    const host = await playing();
    const guest = await playing();
    const first = await dll(HOME);
    first.send({ type: 'create_session', peer_id: String(host), zone: 'prontera' });
    const { session_id: sessionId } = await first.next('session_created');
    const joined = await dll(HOME, `?peer_id=${guest}&session_id=${String(sessionId)}`);
    expect((await joined.next((m) => m.type === 'session-joined' || m.type === 'session_joined')).peers).toEqual([
      String(host),
    ]);
    const stranger = await playing({ lastIp: ELSEWHERE });
    const refused = await dll(HOME, `?peer_id=${stranger}&session_id=${String(sessionId)}`);
    expect(await refused.next('error')).toMatchObject({ code: 'IDENTITY_REJECTED', reason: 'address_mismatch' });
    expect(await seats(stranger)).toBe(0);
  });

  it("should replace a vouched player's live connection only with another vouched connection", async () => {
    const alice = await playing();
    const first = await dll(HOME);
    first.send({ type: 'create_session', peer_id: String(alice), zone: 'prontera' });
    await first.next('session_created');
    // Someone elsewhere claims alice's id: rAthena refuses, alice keeps her connection.
    const thief = await dll(ELSEWHERE);
    thief.send({ type: 'create_session', peer_id: String(alice), zone: 'prontera' });
    expect(await thief.next('error')).toMatchObject({ code: 'IDENTITY_REJECTED', reason: 'address_mismatch' });
    expect(first.ws.readyState).toBe(WebSocket.OPEN);
    // Alice's own reconnect (same address, still online) replaces it.
    const again = await dll(HOME);
    again.send({ type: 'create_session', peer_id: String(alice), zone: 'prontera' });
    await again.next('session_created');
    expect((await first.closed).code).toBe(4001);
  });

  it("should answer IDENTITY_UNAVAILABLE for new identities while rAthena's database is down, and let established sessions go on", async () => {
    const alice = await playing();
    const bob = await playing();
    const a = await dll(HOME);
    a.send({ type: 'create_session', peer_id: String(alice), zone: 'prontera' });
    await a.next('session_created');
    const b = await dll(HOME);
    b.send({ type: 'create_session', peer_id: String(bob), zone: 'prontera' });
    await b.next('session_created');
    proxy.pause();
    const carol = await playing();
    const started = Date.now();
    const token = await issue(carol, HOME);
    expect({ status: token.status, code: token.body.code }).toEqual({ status: 503, code: 'IDENTITY_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3_000);
    const c = await dll(HOME);
    c.send({ type: 'create_session', peer_id: String(carol), zone: 'prontera' });
    expect((await c.next('error')).code).toBe('IDENTITY_UNAVAILABLE');
    expect((await c.closed).code).toBe(1013);
    // Alice and Bob were vouched for before the outage: they keep talking.
    b.send({ type: 'offer', to: String(alice), offer: 'v=0' });
    expect(await a.next('offer')).toMatchObject({ from: String(bob) });
    proxy.resume();
    expect((await issue(carol, HOME)).status).toBe(200);
  });
});
