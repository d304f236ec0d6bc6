import request, { Response } from 'supertest';
import { SessionCleanupScheduler } from '../../src/sessions/session-cleanup.scheduler';
import { SessionMembersRepository } from '../../src/sessions/session-members.repository';
import { HOW_SESSIONS_EXIST } from '../../src/sessions/session-rules';
import { parseSessionRef, SessionRef } from '../../src/sessions/session-ref';
import { SessionsRepository } from '../../src/sessions/sessions.repository';
import { SessionsService } from '../../src/sessions/sessions.service';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';

const SESSIONS = '/api/v1/sessions';
const SESSION_FIELDS = [
  'id',
  'session_id',
  'host_id',
  'zone_id',
  'connected_players',
  'current_players',
  'max_players',
  'status',
  'average_latency_ms',
  'average_packet_loss_percent',
  'bandwidth_usage_mbps',
  'started_at',
  'ended_at',
  'created_at',
  'updated_at',
  'last_activity_at',
  'end_reason',
].sort();

// Response bodies are free-form JSON here; the assertions are what check their shape.

type Json = Record<string, any>;

const IDLE_HEARTBEAT = {
  latency_ms: 20,
  packet_loss_percent: 0,
  bandwidth_usage_mbps: 1,
  current_players: 0,
  current_zones: 0,
};

function expectError(res: Response, status: number, code: string, message?: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  if (message !== undefined) {
    expect(res.body.message).toBe(message);
  }
}

describe('Sessions API', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let sessions: SessionsService;

  const sql = <T = Json>(text: string, params: unknown[] = []) => testApp.db.query<T>(text, params);
  const registerHost = async (overrides: Json = {}): Promise<Json> => {
    const res = await http.post('/api/v1/hosts/register').send(makeHostBody(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };
  const createZone = async (overrides: Json = {}): Promise<Json> => {
    const res = await http.post('/api/v1/zones/').send(makeZoneBody(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };
  /** A host automatic placement may choose: registered, then one heartbeat (docs/api.md, "Host selection"). */
  const registerLiveHost = async (overrides: Json = {}): Promise<Json> => {
    const host = await registerHost(overrides);
    await http
      .post(`/api/v1/hosts/${host.host_id as string}/heartbeat`)
      .send(IDLE_HEARTBEAT)
      .expect(200);
    return host;
  };
  const getHost = async (hostId: string): Promise<Json> => (await http.get(`/api/v1/hosts/${hostId}`).expect(200)).body;
  const getZone = async (zoneId: string): Promise<Json> => (await http.get(`/api/v1/zones/${zoneId}`).expect(200)).body;
  const createSession = async (body: Json): Promise<Json> => {
    const res = await http.post(`${SESSIONS}/`).send(body);
    expect(res.status).toBe(201);
    return res.body;
  };
  /** A fresh host and zone, and a session on them. */
  const setup = async (session: Json = {}, zone: Json = {}, host: Json = {}) => {
    const h = await registerHost(host);
    const z = await createZone(zone);
    const s = await createSession({ host_id: h.host_id, zone_id: z.zone_id, ...session });
    return { host: h, zone: z, session: s };
  };
  /** ENABLE_P2P and friends are read per call, so a test can flip them on the running app. */
  const withP2P = async (enabled: boolean, work: () => Promise<void>): Promise<void> => {
    const p2p = testApp.config.p2p as { enabled: boolean };
    p2p.enabled = enabled;
    try {
      await work();
    } finally {
      p2p.enabled = true;
    }
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    http = request(testApp.url);
    sessions = testApp.app.get(SessionsService);
    // The minute timer would race the clean-up tests; they call the job themselves.
    testApp.app.get(SessionCleanupScheduler).onModuleDestroy();
  });
  beforeEach(() => resetDatabase(testApp));
  afterAll(() => testApp.close());

  describe('POST /', () => {
    it('should create a session with 201, deduplicated players and the zone capacity, active with its players', async () => {
      const { host, zone, session } = await setup({ player_ids: ['p1', 'p2', 'p1', 'p3'] }, { max_players: 20 });
      expect(Object.keys(session).sort()).toEqual(SESSION_FIELDS);
      expect(session).toMatchObject({
        session_id: expect.stringMatching(/^session-[0-9a-f]{16}$/),
        host_id: host.host_id,
        zone_id: zone.zone_id,
        connected_players: ['p1', 'p2', 'p3'],
        current_players: 3,
        max_players: 20,
        status: 'active',
        average_latency_ms: 0,
        average_packet_loss_percent: 0,
        bandwidth_usage_mbps: 0,
        started_at: expect.any(String),
        ended_at: null,
        end_reason: null,
      });
      expect(Number.isInteger(session.id)).toBe(true);
      for (const field of ['created_at', 'updated_at', 'last_activity_at']) {
        expect(new Date(session[field]).toISOString()).toBe(session[field]);
      }
    });

    it('should charge the host and the zone in the same step, the session with players as active', async () => {
      const { host, zone } = await setup({ player_ids: ['p1', 'p2'] });
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 2, current_zones: 1 });
      expect(await getZone(zone.zone_id)).toMatchObject({
        total_sessions: 1,
        total_players_served: 2,
        active_sessions: 1,
      });
    });

    it('should create a session without players as pending, and activate it with its first player', async () => {
      const { zone, session } = await setup();
      expect(session).toMatchObject({ status: 'pending', started_at: null });
      expect((await getZone(zone.zone_id)).active_sessions).toBe(0);
      const joined = await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p1' }).expect(200);
      expect(joined.body.session).toMatchObject({ status: 'active', started_at: expect.any(String) });
      expect((await getZone(zone.zone_id)).active_sessions).toBe(1);
      await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p2' }).expect(200);
      expect((await getZone(zone.zone_id)).active_sessions).toBe(1);
    });

    it('should accept no players and a max_players up to the zone capacity', async () => {
      const { session } = await setup({ max_players: 5 }, { max_players: 5 });
      expect(session).toMatchObject({ connected_players: [], current_players: 0, max_players: 5 });
    });

    it('should refuse with 409 P2P_DISABLED when ENABLE_P2P is false, before anything else', async () => {
      await withP2P(false, async () => {
        const res = await http.post(SESSIONS).send({ host_id: 'nope', zone_id: 'nope' });
        expectError(res, 409, 'P2P_DISABLED');
      });
    });

    it('should refuse an unknown host with 404 HOST_NOT_FOUND, before the zone', async () => {
      const res = await http.post(SESSIONS).send({ host_id: 'ghost', zone_id: 'nowhere' });
      expectError(res, 404, 'HOST_NOT_FOUND', 'Host ghost not found');
    });

    it('should refuse an unknown zone with 404 ZONE_NOT_FOUND', async () => {
      const host = await registerHost();
      expectError(
        await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: 'nowhere' }),
        404,
        'ZONE_NOT_FOUND',
        'Zone nowhere not found',
      );
    });

    it('should refuse a zone not enabled with 409 ZONE_DISABLED, before its P2P switch', async () => {
      const host = await registerHost();
      const zone = await createZone({ p2p_enabled: false });
      await sql(`UPDATE zones SET status = 'maintenance' WHERE zone_id = $1`, [zone.zone_id]);
      expectError(
        await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id }),
        409,
        'ZONE_DISABLED',
      );
    });

    it('should refuse a zone with P2P off with 409 ZONE_NOT_P2P', async () => {
      const host = await registerHost();
      const zone = await createZone();
      await http.post(`/api/v1/zones/${zone.zone_id}/disable-p2p`).expect(200);
      expectError(
        await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id }),
        409,
        'ZONE_NOT_P2P',
      );
    });

    it.each(['offline', 'busy', 'maintenance'])('should refuse a %s host with 409 HOST_OFFLINE', async (status) => {
      const host = await registerHost();
      const zone = await createZone();
      await sql(`UPDATE hosts SET status = $2 WHERE host_id = $1`, [host.host_id, status]);
      expectError(
        await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id }),
        409,
        'HOST_OFFLINE',
      );
    });

    it('should refuse a host below the hardware minimums with 409 HOST_NOT_ELIGIBLE', async () => {
      const host = await registerHost({ cpu_cores: 1 });
      const zone = await createZone();
      expectError(
        await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id }),
        409,
        'HOST_NOT_ELIGIBLE',
      );
    });

    it('should refuse a host below the zone requirements with 409 HOST_NOT_ELIGIBLE', async () => {
      const host = await registerHost();
      const zone = await createZone({ min_host_quality_score: 60 });
      await sql(`UPDATE hosts SET quality_score = 40 WHERE host_id = $1`, [host.host_id]);
      expectError(
        await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id }),
        409,
        'HOST_NOT_ELIGIBLE',
      );
    });

    it('should refuse with 409 HOST_FULL when the players do not fit on the host', async () => {
      const host = await registerHost({ max_players: 2 });
      const zone = await createZone();
      const res = await http
        .post(SESSIONS)
        .send({ host_id: host.host_id, zone_id: zone.zone_id, player_ids: ['a', 'b', 'c'] });
      expectError(res, 409, 'HOST_FULL');
    });

    it('should refuse with 409 HOST_FULL when the host serves its maximum number of sessions', async () => {
      const host = await registerHost({ max_zones: 1 });
      const zone = await createZone();
      await createSession({ host_id: host.host_id, zone_id: zone.zone_id });
      expectError(await http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id }), 409, 'HOST_FULL');
    });

    it('should refuse more players than max_players, or a max_players above the zone, with 422 MAX_PLAYERS_EXCEEDED', async () => {
      const host = await registerHost();
      const zone = await createZone({ max_players: 4 });
      const base = { host_id: host.host_id, zone_id: zone.zone_id };
      expectError(
        await http.post(SESSIONS).send({ ...base, max_players: 2, player_ids: ['a', 'b', 'c'] }),
        422,
        'MAX_PLAYERS_EXCEEDED',
      );
      expectError(await http.post(SESSIONS).send({ ...base, max_players: 5 }), 422, 'MAX_PLAYERS_EXCEEDED');
      expectError(
        await http.post(SESSIONS).send({ ...base, player_ids: ['a', 'b', 'c', 'd', 'e'] }),
        422,
        'MAX_PLAYERS_EXCEEDED',
      );
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 0, current_zones: 0 });
    });

    it('should refuse malformed bodies with 422 VALIDATION_FAILED naming the fields', async () => {
      const cases: [Json, string][] = [
        [{ zone_id: 'z' }, 'host_id'],
        [{ host_id: 'h' }, 'zone_id'],
        [{ host_id: 'h', zone_id: 'z', player_ids: ['ok', 'not ok'] }, 'player_ids'],
        [{ host_id: 'h', zone_id: 'z', player_ids: Array.from({ length: 1001 }, (_, i) => `p${i}`) }, 'player_ids'],
        [{ host_id: 'h', zone_id: 'z', max_players: 0 }, 'max_players'],
        [{ host_id: 'h', zone_id: 'z', max_players: 2.5 }, 'max_players'],
      ];
      for (const [body, field] of cases) {
        const res = await http.post(SESSIONS).send(body);
        expectError(res, 422, 'VALIDATION_FAILED');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });

  describe('OpenAPI', () => {
    it('should document every session route under its operation name', async () => {
      const doc = (await http.get('/openapi.json').expect(200)).body;
      const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>)
        .filter(([path]) => path.startsWith(SESSIONS))
        .flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => `${method} ${path} ${op.operationId}`),
        );
      for (const name of [
        'createSession',
        'getSession',
        'activateSession',
        'endSession',
        'updateSessionMetrics',
        'listHostActiveSessions',
        'listZoneActiveSessions',
        'addSessionPlayer',
        'removeSessionPlayer',
        'cleanupSessions',
      ]) {
        expect(operations.some((op) => op.endsWith(name))).toBe(true);
      }
      expect(doc.components.schemas.SessionResponseDto.properties.host_id.example).toBeDefined();
    });
  });

  describe('GET /:session', () => {
    it('should find a session by integer id and by session_id', async () => {
      const { session } = await setup({ player_ids: ['p1'] });
      const byId = await http.get(`${SESSIONS}/${session.id}`).expect(200);
      const byKey = await http.get(`${SESSIONS}/${session.session_id}`).expect(200);
      expect(byId.body).toEqual(session);
      expect(byKey.body).toEqual(session);
    });

    it('should answer 404 SESSION_NOT_FOUND for unknown ids of both kinds', async () => {
      expectError(
        await http.get(`${SESSIONS}/999999`),
        404,
        'SESSION_NOT_FOUND',
        `Session 999999 not found; ${HOW_SESSIONS_EXIST}`,
      );
      expectError(await http.get(`${SESSIONS}/session-0000000000000000`), 404, 'SESSION_NOT_FOUND');
      expectError(await http.get(`${SESSIONS}/99999999999999999999`), 404, 'SESSION_NOT_FOUND');
    });

    it('should refuse a parameter outside the id charset with 422', async () => {
      expectError(await http.get(`${SESSIONS}/bad%20id`), 422, 'VALIDATION_FAILED');
    });
  });

  describe('POST /:session/activate and /end', () => {
    it('should activate a pending session, by id, count it active in its zone once, and take activate again as a no-op', async () => {
      const { zone, session } = await setup();
      const res = await http.post(`${SESSIONS}/${session.id}/activate`).expect(200);
      expect(res.body.message).toBe(`Session ${session.id} activated`);
      expect(res.body.session).toMatchObject({ id: session.id, status: 'active', started_at: expect.any(String) });
      expect((await getZone(zone.zone_id)).active_sessions).toBe(1);
      const again = await http.post(`${SESSIONS}/${session.id}/activate`).expect(200);
      expect(again.body.session).toMatchObject({ status: 'active', started_at: res.body.session.started_at });
      expect((await getZone(zone.zone_id)).active_sessions).toBe(1);
    });

    it('should activate and end by session_id', async () => {
      const { session } = await setup();
      const activated = await http.post(`${SESSIONS}/${session.session_id}/activate`).expect(200);
      expect(activated.body.message).toBe(`Session ${session.session_id} activated`);
      const ended = await http.post(`${SESSIONS}/${session.session_id}/end`).expect(200);
      expect(ended.body.message).toBe(`Session ${session.session_id} ended`);
      expect(ended.body.session).toMatchObject({ status: 'ended', end_reason: 'normal', ended_at: expect.any(String) });
    });

    it('should end an active session once and release its host and zone counters', async () => {
      const { host, zone, session } = await setup({ player_ids: ['a', 'b', 'c'] });
      await http.post(`${SESSIONS}/${session.id}/activate`).expect(200);
      const res = await http.post(`${SESSIONS}/${session.id}/end?reason=host_left`).expect(200);
      expect(res.body).toMatchObject({
        message: `Session ${session.id} ended`,
        session: { status: 'ended', end_reason: 'host_left' },
      });
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 0, current_zones: 0 });
      expect(await getZone(zone.zone_id)).toMatchObject({
        active_sessions: 0,
        total_sessions: 1,
        total_players_served: 3,
      });
      expectError(await http.post(`${SESSIONS}/${session.id}/end`), 409, 'SESSION_INVALID_STATE');
      expectError(await http.post(`${SESSIONS}/${session.id}/activate`), 409, 'SESSION_INVALID_STATE');
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 0, current_zones: 0 });
    });

    it('should end a pending session without touching the active count', async () => {
      const { zone, session } = await setup();
      await http.post(`${SESSIONS}/${session.id}/end`).expect(200);
      expect((await getZone(zone.zone_id)).active_sessions).toBe(0);
    });

    it('should answer 404 for unknown sessions and 422 for a malformed reason', async () => {
      expectError(
        await http.post(`${SESSIONS}/424242/activate`),
        404,
        'SESSION_NOT_FOUND',
        `Session 424242 not found; ${HOW_SESSIONS_EXIST}`,
      );
      expectError(await http.post(`${SESSIONS}/424242/end`), 404, 'SESSION_NOT_FOUND');
      const { session } = await setup();
      expectError(await http.post(`${SESSIONS}/${session.id}/end?reason=${'x'.repeat(65)}`), 422, 'VALIDATION_FAILED');
      expectError(await http.post(`${SESSIONS}/${session.id}/end?reason=two%20words`), 422, 'VALIDATION_FAILED');
    });
  });

  describe('PATCH /:session/metrics', () => {
    it('should update the given metrics under either name and record activity', async () => {
      const { session } = await setup();
      await sql(`UPDATE p2p_sessions SET last_activity_at = now() - interval '1 hour' WHERE id = $1`, [session.id]);
      const first = await http
        .patch(`${SESSIONS}/${session.id}/metrics`)
        .send({ avg_latency_ms: 45.5, packet_loss_percent: 0.5, packet_loss_rate: 9 });
      expect(first.status).toBe(200);
      expect(first.body.message).toBe(`Session ${session.id} metrics updated`);
      expect(first.body.session).toMatchObject({
        average_latency_ms: 45.5,
        average_packet_loss_percent: 0.5,
        bandwidth_usage_mbps: 0,
      });
      expect(Date.parse(first.body.session.last_activity_at)).toBeGreaterThan(Date.now() - 60_000);
      const second = await http
        .patch(`${SESSIONS}/${session.session_id}/metrics`)
        .send({ average_latency_ms: 20, bandwidth_usage_mbps: 3 });
      expect(second.body.session).toMatchObject({
        average_latency_ms: 20,
        average_packet_loss_percent: 0.5,
        bandwidth_usage_mbps: 3,
      });
      await http.patch(`${SESSIONS}/${session.id}/metrics`).send({}).expect(200);
    });

    it('should refuse out-of-range values with 422', async () => {
      const { session } = await setup();
      for (const body of [
        { avg_latency_ms: -1 },
        { packet_loss_percent: 101 },
        { bandwidth_usage_mbps: -0.1 },
        { average_packet_loss_percent: 'x' },
      ]) {
        expectError(await http.patch(`${SESSIONS}/${session.id}/metrics`).send(body), 422, 'VALIDATION_FAILED');
      }
    });

    it('should refuse finished sessions with 409 and unknown ones with 404', async () => {
      const { session } = await setup();
      await http.post(`${SESSIONS}/${session.id}/end`).expect(200);
      expectError(
        await http.patch(`${SESSIONS}/${session.id}/metrics`).send({ avg_latency_ms: 1 }),
        409,
        'SESSION_INVALID_STATE',
      );
      expectError(await http.patch(`${SESSIONS}/777/metrics`).send({ avg_latency_ms: 1 }), 404, 'SESSION_NOT_FOUND');
    });
  });

  describe('GET /host/:host_id/active and /zone/:zone_id/active', () => {
    it('should list only active sessions (with players, or activated), and nothing for unknown ids', async () => {
      const { host, zone, session } = await setup({ player_ids: ['p1'] });
      await createSession({ host_id: host.host_id, zone_id: zone.zone_id });
      const byHost = await http.get(`${SESSIONS}/host/${host.host_id}/active`).expect(200);
      const byZone = await http.get(`${SESSIONS}/zone/${zone.zone_id}/active`).expect(200);
      expect(byHost.body.map((s: Json) => s.id)).toEqual([session.id]);
      expect(byZone.body).toEqual(byHost.body);
      expect(byHost.body[0]).toMatchObject({ host_id: host.host_id, zone_id: zone.zone_id, connected_players: ['p1'] });
      expect((await http.get(`${SESSIONS}/host/ghost/active`).expect(200)).body).toEqual([]);
      expect((await http.get(`${SESSIONS}/zone/nowhere/active`).expect(200)).body).toEqual([]);
    });
  });

  describe('POST /:session/players and DELETE /:session/players/:player_id', () => {
    it('should add players in order, idempotently, and charge host and zone', async () => {
      const { host, zone, session } = await setup({ player_ids: ['p1'] });
      const res = await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p2' }).expect(200);
      expect(res.body).toMatchObject({
        message: `Player p2 added to session ${session.id}`,
        session: { connected_players: ['p1', 'p2'], current_players: 2 },
      });
      const again = await http.post(`${SESSIONS}/${session.session_id}/players`).send({ player_id: 'p2' }).expect(200);
      expect(again.body.session).toMatchObject({ connected_players: ['p1', 'p2'], current_players: 2 });
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 2 });
      expect(await getZone(zone.zone_id)).toMatchObject({ total_players_served: 2 });
    });

    it('should refuse a full session with 409 SESSION_FULL but accept a member again', async () => {
      const { session } = await setup({ player_ids: ['p1', 'p2'], max_players: 2 });
      expectError(await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p3' }), 409, 'SESSION_FULL');
      const res = await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p1' }).expect(200);
      expect(res.body.session.current_players).toBe(2);
    });

    it('should refuse adds to finished sessions with 409 and to unknown ones with 404', async () => {
      const { session } = await setup({ player_ids: ['p1'] });
      await http.post(`${SESSIONS}/${session.id}/end`).expect(200);
      expectError(
        await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p2' }),
        409,
        'SESSION_INVALID_STATE',
      );
      expectError(
        await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'p1' }),
        409,
        'SESSION_INVALID_STATE',
      );
      expectError(await http.post(`${SESSIONS}/999999/players`).send({ player_id: 'p1' }), 404, 'SESSION_NOT_FOUND');
    });

    it('should refuse a missing or malformed player_id with 422', async () => {
      const { session } = await setup();
      expectError(await http.post(`${SESSIONS}/${session.id}/players`).send({}), 422, 'VALIDATION_FAILED');
      expectError(
        await http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: 'a/b' }),
        422,
        'VALIDATION_FAILED',
      );
    });

    it('should remove a member, release its seat, and answer 404 PLAYER_NOT_IN_SESSION for a non-member', async () => {
      const { host, session } = await setup({ player_ids: ['p1', 'p2'] });
      await sql(`UPDATE p2p_sessions SET last_activity_at = now() - interval '1 hour' WHERE id = $1`, [session.id]);
      const res = await http.delete(`${SESSIONS}/${session.id}/players/p1`).expect(200);
      expect(res.body).toMatchObject({
        message: `Player p1 removed from session ${session.id}`,
        session: { connected_players: ['p2'], current_players: 1 },
      });
      expect(Date.parse(res.body.session.last_activity_at)).toBeGreaterThan(Date.now() - 60_000);
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 1 });
      expectError(
        await http.delete(`${SESSIONS}/${session.id}/players/p1`),
        404,
        'PLAYER_NOT_IN_SESSION',
        `Player p1 is not in session ${session.id}`,
      );
      expectError(await http.delete(`${SESSIONS}/999999/players/p2`), 404, 'SESSION_NOT_FOUND');
      await http.post(`${SESSIONS}/${session.id}/end`).expect(200);
      expectError(await http.delete(`${SESSIONS}/${session.id}/players/p2`), 409, 'SESSION_INVALID_STATE');
    });

    it('should admit exactly max_players of 30 concurrent adds', async () => {
      const { host, session } = await setup({ max_players: 10 });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          http.post(`${SESSIONS}/${session.id}/players`).send({ player_id: `racer-${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(
        results.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.body.code === 'SESSION_FULL'),
      ).toBe(true);
      const after = (await http.get(`${SESSIONS}/${session.id}`).expect(200)).body;
      expect(after.current_players).toBe(10);
      expect(new Set(after.connected_players).size).toBe(10);
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 10 });
    });
  });

  describe('POST /cleanup', () => {
    const idle = (id: number, age: string) =>
      sql(`UPDATE p2p_sessions SET last_activity_at = now() - $2::interval WHERE id = $1`, [id, age]);

    it('should fail sessions idle past the timeout by last activity, release them, and spare recent ones', async () => {
      const { host, zone, session: stale } = await setup({ player_ids: ['a', 'b'] });
      await http.post(`${SESSIONS}/${stale.id}/activate`).expect(200);
      const fresh = await createSession({ host_id: host.host_id, zone_id: zone.zone_id, player_ids: ['c'] });
      // An old session with recent activity survives: age alone is not idleness.
      await sql(`UPDATE p2p_sessions SET created_at = now() - interval '3 hours' WHERE id = $1`, [fresh.id]);
      await idle(stale.id, '2 hours');
      const res = await http.post(`${SESSIONS}/cleanup?timeout_minutes=60`).expect(200);
      expect(res.body).toEqual({ message: 'Cleaned up 1 stale sessions', cleaned: 1 });
      expect((await http.get(`${SESSIONS}/${stale.id}`)).body).toMatchObject({
        status: 'failed',
        end_reason: 'idle_timeout',
        ended_at: expect.any(String),
      });
      // Created with a player, the fresh one is active and keeps its zone's active slot.
      expect((await http.get(`${SESSIONS}/${fresh.id}`)).body.status).toBe('active');
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 1, current_zones: 1 });
      expect(await getZone(zone.zone_id)).toMatchObject({ active_sessions: 1 });
      expect((await http.post(`${SESSIONS}/cleanup?timeout_minutes=60`).expect(200)).body.cleaned).toBe(0);
    });

    it('should use SESSION_TIMEOUT_MINUTES by default, through the route and the minute job', async () => {
      const { host, zone, session } = await setup();
      const other = await createSession({ host_id: host.host_id, zone_id: zone.zone_id });
      const timeout = testApp.config.p2p.sessionTimeoutMinutes;
      await idle(session.id, `${timeout + 1} minutes`);
      await idle(other.id, `${timeout - 1} minutes`);
      expect((await http.post(`${SESSIONS}/cleanup`).expect(200)).body.cleaned).toBe(1);
      await idle(other.id, `${timeout + 1} minutes`);
      await testApp.app.get(SessionCleanupScheduler).tick();
      expect((await http.get(`${SESSIONS}/${other.id}`)).body.status).toBe('failed');
    });

    it('should refuse a timeout outside 1..10080 with 422', async () => {
      for (const value of ['0', '10081', 'abc', '-5']) {
        expectError(await http.post(`${SESSIONS}/cleanup?timeout_minutes=${value}`), 422, 'VALIDATION_FAILED');
      }
    });
  });

  describe('SessionsService.assignToZone', () => {
    it('should open a session on the best host, fill it, and be idempotent for a member', async () => {
      const host = await registerLiveHost();
      const zone = await createZone({ max_players: 3 });
      const first = await sessions.assignToZone(zone.zone_id, 'peer-1');
      expect(first).toMatchObject({
        created: true,
        alreadyMember: false,
        session: { host_id: host.host_id, max_players: 3, connected_players: ['peer-1'] },
      });
      const second = await sessions.assignToZone(zone.zone_id, 'peer-2');
      expect(second).toMatchObject({
        created: false,
        alreadyMember: false,
        session: { id: first.session.id, connected_players: ['peer-1', 'peer-2'] },
      });
      const again = await sessions.assignToZone(zone.zone_id, 'peer-1');
      expect(again).toMatchObject({
        created: false,
        alreadyMember: true,
        session: { id: first.session.id, current_players: 2 },
      });
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 2, current_zones: 1 });
      expect(await getZone(zone.zone_id)).toMatchObject({ total_sessions: 1, total_players_served: 2 });
    });

    it('should hand no players to a host that registered and never sent a heartbeat, and should once it does', async () => {
      const silent = await registerHost({ host_id: 'registered-only' });
      const zone = await createZone({ max_players: 2 });
      const first = await sessions.assignToZone(zone.zone_id, 'peer-1');
      expect(first.session).toMatchObject({ host_id: null, status: 'active' });
      expect(await getHost(silent.host_id)).toMatchObject({ current_players: 0, current_zones: 0 });
      expect((await http.get('/api/v1/hosts/available/list').expect(200)).body).toEqual([]);

      await http
        .post(`/api/v1/hosts/${silent.host_id as string}/heartbeat`)
        .send(IDLE_HEARTBEAT)
        .expect(200);
      await sessions.assignToZone(zone.zone_id, 'peer-2'); // fills the mesh session
      const third = await sessions.assignToZone(zone.zone_id, 'peer-3');
      expect(third.session).toMatchObject({ host_id: silent.host_id, connected_players: ['peer-3'] });

      // Registering again owes a heartbeat again; a heartbeat older than HOST_SELECTION_TIMEOUT_SECONDS stops selection too.
      await registerHost({ host_id: 'registered-only' });
      expect((await http.get('/api/v1/hosts/available/list').expect(200)).body).toEqual([]);
      await http.post(`/api/v1/hosts/registered-only/heartbeat`).send(IDLE_HEARTBEAT).expect(200);
      expect((await http.get('/api/v1/hosts/available/list').expect(200)).body).toHaveLength(1);
      const late = testApp.config.p2p.hostSelectionTimeoutSeconds + 1;
      await sql(
        `UPDATE hosts SET last_heartbeat = now() - make_interval(secs => $1) WHERE host_id = 'registered-only'`,
        [late],
      );
      expect((await http.get('/api/v1/hosts/available/list').expect(200)).body).toEqual([]);
      expect((await getHost('registered-only')).status).toBe('online');
    });

    it('should open a host-less mesh session when no host qualifies', async () => {
      const zone = await createZone();
      const result = await sessions.assignToZone(zone.zone_id, 'peer-1');
      expect(result).toMatchObject({
        created: true,
        session: { host_id: null, status: 'active', zone_id: zone.zone_id },
      });
    });

    it('should refuse with the zone and P2P codes', async () => {
      const disabled = await createZone();
      const noP2P = await createZone({ p2p_enabled: false });
      await sql(`UPDATE zones SET status = 'disabled' WHERE zone_id = $1`, [disabled.zone_id]);
      await expect(sessions.assignToZone('nowhere', 'p')).rejects.toMatchObject({ code: 'ZONE_NOT_FOUND' });
      await expect(sessions.assignToZone(disabled.zone_id, 'p')).rejects.toMatchObject({ code: 'ZONE_DISABLED' });
      await expect(sessions.assignToZone(noP2P.zone_id, 'p')).rejects.toMatchObject({ code: 'ZONE_NOT_P2P' });
      await withP2P(false, () =>
        expect(sessions.assignToZone(noP2P.zone_id, 'p')).rejects.toMatchObject({ code: 'P2P_DISABLED' }),
      );
    });

    it('should seat 100 concurrent peers in exactly 10 full sessions of 10', async () => {
      const host = await registerLiveHost();
      const zone = await createZone({ max_players: 10 });
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => sessions.assignToZone(zone.zone_id, `swarm-${i}`)),
      );
      expect(results.filter((r) => r.created)).toHaveLength(10);
      const rows = await sql<{ id: number; current_players: number; members: number; host_id: number | null }>(
        `SELECT s.id, s.current_players, s.host_id, (SELECT count(*)::int FROM session_players sp WHERE sp.session_id = s.id) AS members
           FROM p2p_sessions s ORDER BY s.id`,
      );
      expect(rows).toHaveLength(10);
      expect(rows.every((r) => r.current_players === 10 && r.members === 10)).toBe(true);
      const seats = await sql<{ player_id: string; n: number }>(
        `SELECT player_id, count(*)::int AS n FROM session_players GROUP BY player_id`,
      );
      expect(seats).toHaveLength(100);
      expect(seats.every((s) => s.n === 1)).toBe(true);
      // The host takes sessions until its 50 seats / 5 sessions are used; the rest run as meshes.
      expect(rows.filter((r) => r.host_id !== null)).toHaveLength(5);
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 50, current_zones: 5 });
      expect(await getZone(zone.zone_id)).toMatchObject({ total_sessions: 10, total_players_served: 100 });
    });

    it('should keep every counter consistent under a concurrent mix of operations', async () => {
      const host = await registerHost({ max_players: 500, max_zones: 50 });
      const zone = await createZone({ max_players: 6 });
      const created = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          createSession({ host_id: host.host_id, zone_id: zone.zone_id, player_ids: [`seed-${i}`] }),
        ),
      );
      const ids = created.map((c) => c.id as number);
      const ops: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        const id = ids[i % ids.length];
        ops.push(http.post(`${SESSIONS}/${id}/players`).send({ player_id: `mix-${i % 15}` }));
        ops.push(sessions.assignToZone(zone.zone_id, `peer-${i}`));
        if (i % 5 === 0) {
          ops.push(http.delete(`${SESSIONS}/${id}/players/mix-${(i + 3) % 15}`));
        }
        if (i % 4 === 0) {
          ops.push(sessions.leave(parseSessionRef(String(id)) as SessionRef, `mix-${(i + 7) % 15}`));
        }
        if (i % 10 === 0) {
          ops.push(http.post(`${SESSIONS}/${ids[(i / 10) % ids.length]}/activate`));
        }
        if (i === 20) {
          ops.push(http.post(`${SESSIONS}/${ids[1]}/end`));
        }
        if (i % 13 === 0) {
          ops.push(http.post(`${SESSIONS}/cleanup?timeout_minutes=1`));
        }
        if (i % 9 === 0) {
          ops.push(
            http.post(SESSIONS).send({ host_id: host.host_id, zone_id: zone.zone_id, player_ids: [`late-${i}`] }),
          );
        }
      }
      const results = await Promise.allSettled(ops);
      for (const result of results) {
        expect(result.status).toBe('fulfilled');
        const status = result.status === 'fulfilled' ? (result.value as { status?: number }).status : undefined;
        expect(status === undefined || status < 500).toBe(true);
      }
      const [sessionCheck] = await sql<{ bad: number }>(
        `SELECT count(*)::int AS bad FROM p2p_sessions s
          WHERE s.current_players <> (SELECT count(*) FROM session_players sp WHERE sp.session_id = s.id)`,
      );
      expect(sessionCheck.bad).toBe(0);
      const [hostCheck] = await sql<{ players: number; sessions: number }>(
        `SELECT COALESCE(sum(current_players), 0)::int AS players, count(*)::int AS sessions
           FROM p2p_sessions WHERE host_id IS NOT NULL AND status NOT IN ('ended', 'failed')`,
      );
      expect(await getHost(host.host_id)).toMatchObject({
        current_players: hostCheck.players,
        current_zones: hostCheck.sessions,
      });
      const [zoneCheck] = await sql<{ total: number; active: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'active')::int AS active FROM p2p_sessions`,
      );
      expect(await getZone(zone.zone_id)).toMatchObject({
        total_sessions: zoneCheck.total,
        active_sessions: zoneCheck.active,
      });
    });
  });

  describe('SessionsService.leave', () => {
    const ref = (raw: string | number): SessionRef => parseSessionRef(String(raw)) as SessionRef;

    it('should record 70 concurrent leaves of one session in a few transactions, freeing every seat once', async () => {
      const host = await registerLiveHost({ max_players: 100 });
      const zone = await createZone({ max_players: 70 });
      const peers = Array.from({ length: 70 }, (_, i) => `leaver-${i}`);
      for (const peer of peers) {
        await sessions.assignToZone(zone.zone_id, peer);
      }
      const [session] = await sql<{ session_id: string }>(`SELECT session_id FROM p2p_sessions`);
      const transactions = jest.spyOn(testApp.app.get(SessionsRepository), 'transaction');

      // Every member, one of them twice, and a stranger: as a whole session disconnecting at once.
      const answers = await Promise.all(
        [...peers, 'leaver-3', 'stranger'].map((peer) => sessions.leave(ref(session.session_id), peer)),
      );
      const used = transactions.mock.calls.length;
      transactions.mockRestore();

      expect(answers.slice(0, 70).every(Boolean)).toBe(true);
      expect(answers.slice(70)).toEqual([false, false]);
      // The first leave runs alone; the rest wait and go in groups of at most 32.
      expect(used).toBeLessThanOrEqual(4);
      expect(await sql(`SELECT player_id FROM session_players`)).toEqual([]);
      expect(await sql(`SELECT current_players FROM p2p_sessions`)).toEqual([{ current_players: 0 }]);
      expect(await getHost(host.host_id)).toMatchObject({ current_players: 0, current_zones: 1 });
    });

    it('should answer false and change nothing for a finished or unknown session', async () => {
      const host = await registerHost();
      const zone = await createZone();
      const placed = await sessions.assignToZone(zone.zone_id, 'late-leaver');
      await http.post(`${SESSIONS}/${placed.session.id}/end`).expect(200);
      const before = await getHost(host.host_id);

      expect(await sessions.leave(ref(placed.session.id), 'late-leaver')).toBe(false);
      expect(await sessions.leave(ref(999_999), 'late-leaver')).toBe(false);
      expect(await sql(`SELECT player_id FROM session_players`)).toEqual([{ player_id: 'late-leaver' }]);
      expect(await getHost(host.host_id)).toEqual(before);
    });

    it('should fail every leave of a group when the database fails, and record them when retried', async () => {
      const zone = await createZone({ max_players: 5 });
      const peers = ['a', 'b', 'c'];
      for (const peer of peers) {
        await sessions.assignToZone(zone.zone_id, peer);
      }
      const [session] = await sql<{ session_id: string }>(`SELECT session_id FROM p2p_sessions`);
      const members = testApp.app.get(SessionMembersRepository);
      const removeMany = jest.spyOn(members, 'removeMany').mockRejectedValueOnce(new Error('connection lost'));

      const first = await Promise.allSettled(peers.map((peer) => sessions.leave(ref(session.session_id), peer)));
      const second = await Promise.all(peers.map((peer) => sessions.leave(ref(session.session_id), peer)));
      removeMany.mockRestore();

      // The first leave ran alone and failed; the two queued behind it went together and succeeded.
      expect(first.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect(second).toEqual([true, false, false]);
      expect(await sql(`SELECT current_players FROM p2p_sessions`)).toEqual([{ current_players: 0 }]);
    });
  });
});
