import { loadConfig } from '../../src/config/app-config';
import { SessionCleanupScheduler } from '../../src/sessions/session-cleanup.scheduler';
import { HOW_SESSIONS_EXIST } from '../../src/sessions/session-rules';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { getJson, postJson } from '../utils/rest';
import { testEnv } from '../utils/test-env';
import { TestWsClient } from '../utils/ws-client';

/** A `join` of an unknown session id opens an ad-hoc session (docs/signaling.md, "Ad-hoc sessions"). */
describe('Ad-hoc sessions', () => {
  let app: TestApp;
  const clients: TestWsClient[] = [];

  const peer = async (target: TestApp, peerId: string, token?: string): Promise<TestWsClient> => {
    const query = `?peer_id=${peerId}${token ? `&token=${token}` : ''}`;
    const client = await TestWsClient.connect(target.wsUrl, query);
    clients.push(client);
    return client;
  };
  const join = async (client: TestWsClient, sessionId: string | number) => {
    client.send({ type: 'join', session_id: sessionId });
    return client.next((m) => m.type === 'session-joined' || m.type === 'error');
  };
  const session = async (sessionId: string) => (await getJson(app.url, `/api/v1/sessions/${sessionId}`)).body;
  const zone = async (zoneId: string) => (await getJson(app.url, `/api/v1/zones/${zoneId}`)).body;

  beforeAll(async () => {
    app = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera,geffen',
      ADHOC_SESSIONS_PER_PEER: '2',
      ADHOC_SESSIONS_MAX: '3',
    });
    // The test runs the clean-up itself.
    app.app.get(SessionCleanupScheduler).onModuleDestroy();
  });
  beforeEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await app.db.query('TRUNCATE session_players, p2p_sessions RESTART IDENTITY CASCADE');
    await app.db.query('UPDATE zones SET total_sessions = 0, active_sessions = 0, total_players_served = 0');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await resetDatabase(app);
    await app.close();
  });

  it('should open a host-less, active session of the id in the first configured zone', async () => {
    const joined = await join(await peer(app, 'alice'), 'raid-night');
    expect(joined).toMatchObject({ type: 'session-joined', session_id: 'raid-night', peers: [], zone: 'prontera' });
    expect(await session('raid-night')).toMatchObject({
      status: 'active',
      host_id: null,
      zone_id: 'prontera',
      connected_players: ['alice'],
    });
    expect(await zone('prontera')).toMatchObject({ total_sessions: 1, active_sessions: 1, total_players_served: 1 });

    const bob = await peer(app, 'bob');
    expect(await join(bob, 'raid-night')).toMatchObject({ type: 'session-joined', peers: ['alice'] });
    expect(await session('raid-night')).toMatchObject({ current_players: 2 });
    expect(await zone('prontera')).toMatchObject({ total_sessions: 1, active_sessions: 1 });
  });

  it("should open it in the peer's own zone when the peer is in one", async () => {
    const client = await TestWsClient.connect(app.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: 'carol', zone: 'geffen' });
    await client.next('session_created');
    client.send({ type: 'join', session_id: 'geffen-party', peer_id: 'carol' });
    expect(await client.next('session-joined')).toMatchObject({ session_id: 'geffen-party', zone: 'geffen' });
    expect(await session('geffen-party')).toMatchObject({ zone_id: 'geffen' });
  });

  it('should bound ad-hoc sessions per peer and over the cluster, naming the variables', async () => {
    const dave = await peer(app, 'dave');
    expect((await join(dave, 'one')).type).toBe('session-joined');
    expect((await join(dave, 'two')).type).toBe('session-joined');
    expect(await join(dave, 'three')).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringContaining('ADHOC_SESSIONS_PER_PEER=2'),
    });
    // Joining sessions that exist is never limited.
    expect((await join(dave, 'one')).type).toBe('session-joined');

    expect((await join(await peer(app, 'erin'), 'four')).type).toBe('session-joined');
    expect(await join(await peer(app, 'frank'), 'five')).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringContaining('ADHOC_SESSIONS_MAX=3'),
    });
  });

  it('should end an ad-hoc session left empty at the next clean-up, and open the id afresh on the next join', async () => {
    const gina = await peer(app, 'gina');
    await join(gina, 'short-lived');
    gina.send({ type: 'leave' });
    await gina.next('session-left');
    // Just emptied: the grace period keeps it for a peer that reconnects.
    await app.app.get(SessionCleanupScheduler).tick();
    expect((await session('short-lived')).status).toBe('active');

    await app.db.query(
      `UPDATE p2p_sessions SET last_activity_at = now() - interval '2 minutes' WHERE session_id = 'short-lived'`,
    );
    await app.app.get(SessionCleanupScheduler).tick();
    expect(await session('short-lived')).toMatchObject({ status: 'ended', end_reason: 'empty' });
    expect(await zone('prontera')).toMatchObject({ active_sessions: 0 });

    expect(await join(gina, 'short-lived')).toMatchObject({ type: 'session-joined', session_id: 'short-lived' });
    expect(await session('short-lived')).toMatchObject({ status: 'active', connected_players: ['gina'] });
  });

  it('should answer SESSION_NOT_FOUND with how sessions come to exist for ids it does not open', async () => {
    const hank = await peer(app, 'hank');
    for (const id of [424242, 'session-0123456789abcdef']) {
      expect(await join(hank, id)).toMatchObject({
        type: 'error',
        code: 'SESSION_NOT_FOUND',
        message: `Session ${id} not found; ${HOW_SESSIONS_EXIST}`,
      });
    }
  });
});

/**
 * Its own app, after the one above is closed: with the embedded database, apps in one test file
 * share one in-process PGlite, and closing a second app would close it under the first.
 */
describe('Ad-hoc sessions under JWT validation', () => {
  it('should not open ad-hoc sessions when JWT validation is on, unless ADHOC_SESSIONS_ENABLED says so', async () => {
    const secured = await createTestApp({ P2P_ENABLED_ZONES: 'prontera', JWT_VALIDATION_ENABLED: 'true' });
    const clients: TestWsClient[] = [];
    try {
      const issued = await postJson(secured.url, '/api/v1/auth/token', { player_id: 'ivy' });
      const ivy = await TestWsClient.connect(secured.wsUrl, `?peer_id=ivy&token=${issued.body.access_token as string}`);
      clients.push(ivy);
      ivy.send({ type: 'join', session_id: 'secured-party' });
      expect(await ivy.next((m) => m.type === 'session-joined' || m.type === 'error')).toMatchObject({
        type: 'error',
        code: 'SESSION_NOT_FOUND',
      });
      expect(secured.config.p2p.adhocSessions.enabled).toBe(false);
      const overridden = loadConfig(testEnv({ JWT_VALIDATION_ENABLED: 'true', ADHOC_SESSIONS_ENABLED: 'true' }));
      expect(overridden.p2p.adhocSessions.enabled).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await secured.close();
    }
  });
});
