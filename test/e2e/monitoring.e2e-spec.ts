import request from 'supertest';
import { MonitoringRepository } from '../../src/monitoring/monitoring.repository';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';
import { usingRedis } from '../utils/test-env';

const MONITORING = '/api/v1/monitoring';

// Response bodies are free-form JSON here; the assertions are what check their shape.

type Json = Record<string, any>;

/** The value of an unlabelled gauge in Prometheus text, or undefined when it is absent. */
function gauge(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

const connectionRefused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('Monitoring API', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  const sql = <T = Json>(text: string, params: unknown[] = []) => testApp.db.query<T>(text, params);
  const registerHost = async (quality: number, status = 'online'): Promise<Json> => {
    const res = await http.post('/api/v1/hosts/register').send(makeHostBody());
    expect(res.status).toBe(201);
    await sql(`UPDATE hosts SET quality_score = $2, status = $3 WHERE host_id = $1`, [
      res.body.host_id,
      quality,
      status,
    ]);
    return res.body;
  };
  const createZone = async (overrides: Json = {}): Promise<Json> => {
    const res = await http.post('/api/v1/zones/').send(makeZoneBody(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };
  const createSession = async (hostId: string, zoneId: string, players: string[]): Promise<Json> => {
    const res = await http.post('/api/v1/sessions/').send({ host_id: hostId, zone_id: zoneId, player_ids: players });
    expect(res.status).toBe(201);
    return res.body;
  };

  /**
   * 4 hosts (3 online at 95, 80 and 60.5, one busy); 3 zones (one disabled, one with P2P off);
   * 3 sessions: two active (3 players at 40 ms, 2 players at 21 ms), one pending (nobody has joined it).
   */
  const script = async (): Promise<void> => {
    const hosts = [await registerHost(95), await registerHost(80), await registerHost(60.5)];
    await registerHost(30, 'busy');
    const zone = await createZone();
    await createZone({ p2p_enabled: false });
    const disabled = await createZone();
    await sql(`UPDATE zones SET status = 'disabled' WHERE zone_id = $1`, [disabled.zone_id]);
    const a = await createSession(hosts[0].host_id, zone.zone_id, ['a1', 'a2', 'a3']);
    const b = await createSession(hosts[1].host_id, zone.zone_id, ['b1', 'b2']);
    await createSession(hosts[2].host_id, zone.zone_id, []);
    for (const [session, latency] of [
      [a, 40],
      [b, 21],
    ] as const) {
      await http.post(`/api/v1/sessions/${session.id}/activate`).expect(200);
      await http.patch(`/api/v1/sessions/${session.id}/metrics`).send({ avg_latency_ms: latency }).expect(200);
    }
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    http = request(testApp.url);
  });
  beforeEach(() => resetDatabase(testApp));
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => testApp.close());

  describe('GET /dashboard', () => {
    const redis = usingRedis() ? 'healthy' : 'embedded';

    it('should answer zeros on an empty database, with real dependency status', async () => {
      const res = await http.get(`${MONITORING}/dashboard`).expect(200);
      expect(res.body).toEqual({
        hosts: { total: 0, online: 0, offline: 0, average_quality_score: 0 },
        zones: { total: 0, enabled: 0, disabled: 0 },
        sessions: { total: 0, active: 0, inactive: 0, total_players: 0, average_latency_ms: 0 },
        system: { postgres: 'healthy', redis },
      });
    });

    it('should report the scripted data in one database round trip', async () => {
      await script();
      const query = jest.spyOn(testApp.db, 'query');
      const res = await http.get(`${MONITORING}/dashboard`).expect(200);
      expect(query).toHaveBeenCalledTimes(1);
      expect(res.body).toEqual({
        hosts: { total: 4, online: 3, offline: 1, average_quality_score: 78.5 },
        zones: { total: 3, enabled: 2, disabled: 1 },
        sessions: { total: 3, active: 2, inactive: 1, total_players: 5, average_latency_ms: 30.5 },
        system: { postgres: 'healthy', redis },
      });
    });

    it('should answer 503 DATABASE_UNAVAILABLE, not a made-up 200, when the database is unreachable', async () => {
      jest.spyOn(testApp.app.get(MonitoringRepository), 'overview').mockRejectedValue(connectionRefused());
      const res = await http.get(`${MONITORING}/dashboard`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status_code: 503 });
    });
  });

  describe('GET /hosts/stats', () => {
    it('should bucket online hosts by quality, boundaries included, in one query', async () => {
      for (const quality of [100, 90, 89.99, 70, 69.99, 50, 49.99, 0]) {
        await registerHost(quality);
      }
      await registerHost(95, 'offline');
      const query = jest.spyOn(testApp.db, 'query');
      const res = await http.get(`${MONITORING}/hosts/stats`).expect(200);
      expect(query).toHaveBeenCalledTimes(1);
      expect(res.body).toEqual({ total_online: 8, quality_distribution: { excellent: 2, good: 2, fair: 2, poor: 2 } });
    });

    it('should answer zeros without hosts', async () => {
      const res = await http.get(`${MONITORING}/hosts/stats`).expect(200);
      expect(res.body).toEqual({ total_online: 0, quality_distribution: { excellent: 0, good: 0, fair: 0, poor: 0 } });
    });
  });

  describe('GET /metrics', () => {
    it('should expose the gauges in Prometheus text with real values', async () => {
      await script();
      const res = await http.get(`${MONITORING}/metrics`).expect(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const expected: Record<string, number> = {
        p2p_hosts_total: 4,
        p2p_hosts_online: 3,
        p2p_host_quality_score_avg: 78.5,
        p2p_zones_total: 3,
        p2p_zones_enabled: 1,
        p2p_sessions_total: 3,
        p2p_sessions_active: 2,
        p2p_players_total: 5,
        p2p_session_latency_ms_avg: 30.5,
        p2p_coordinator_up: 1,
      };
      for (const [name, value] of Object.entries(expected)) {
        expect({ name, value: gauge(res.text, name) }).toEqual({ name, value });
        expect(res.text).toContain(`# TYPE ${name} gauge\n`);
        expect(res.text).toContain(`# HELP ${name} `);
      }
    });

    it('should answer only p2p_coordinator_up 0 when the database is unreachable', async () => {
      jest.spyOn(testApp.app.get(MonitoringRepository), 'overview').mockRejectedValue(connectionRefused());
      const res = await http.get(`${MONITORING}/metrics`).expect(200);
      expect(gauge(res.text, 'p2p_coordinator_up')).toBe(0);
      expect(gauge(res.text, 'p2p_hosts_total')).toBeUndefined();
    });

    it('should answer 404 when PROMETHEUS_ENABLED is false', async () => {
      // Read per request, so the switch can be flipped on the running app instead of starting another.
      const metrics = testApp.config.metrics as { enabled: boolean };
      metrics.enabled = false;
      try {
        const res = await http.get(`${MONITORING}/metrics`);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'Metrics endpoint is disabled' });
      } finally {
        metrics.enabled = true;
      }
    });
  });
});
