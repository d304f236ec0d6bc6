import request, { Response } from 'supertest';
import { HostSweeperService } from '../../src/hosts/host-sweeper.service';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';

const HOSTS = '/api/v1/hosts';
const HOST_FIELDS = [
  'id',
  'host_id',
  'player_id',
  'player_name',
  'ip_address',
  'port',
  'public_ip',
  'cpu_cores',
  'cpu_frequency_mhz',
  'memory_mb',
  'network_speed_mbps',
  'latency_ms',
  'packet_loss_percent',
  'bandwidth_usage_mbps',
  'status',
  'max_players',
  'current_players',
  'max_zones',
  'current_zones',
  'quality_score',
  'eligible',
  'ice_servers',
  'last_heartbeat',
  'created_at',
  'updated_at',
].sort();
const heartbeat = {
  latency_ms: 50,
  packet_loss_percent: 0.1,
  bandwidth_usage_mbps: 12.5,
  current_players: 5,
  current_zones: 1,
};

/** Error bodies carry the stable shape and never internals. */
function expectCleanError(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ code, status_code: status });
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.correlation_id).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT|INSERT|UPDATE hosts|node_modules/);
}

function expectInvalid(res: Response, field: string, code = 'VALIDATION_FAILED'): void {
  expectCleanError(res, 422, code);
  expect((res.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
}

describe('Hosts API', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  const register = async (overrides: Record<string, unknown> = {}) => {
    const res = await http.post(`${HOSTS}/register`).send(makeHostBody(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Registered, then one idle heartbeat: what automatic placement and the available list wait for. */
  const registerLive = async (overrides: Record<string, unknown> = {}) => {
    const host = await register(overrides);
    const idle = { ...heartbeat, latency_ms: 0, packet_loss_percent: 0, current_players: 0, current_zones: 0 };
    await http
      .post(`${HOSTS}/${host.host_id as string}/heartbeat`)
      .send(idle)
      .expect(200);
    return host;
  };
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => testApp.db.query<T>(text, params);

  beforeAll(async () => {
    testApp = await createTestApp();
    http = request(testApp.url);
  });
  beforeEach(() => resetDatabase(testApp));
  afterAll(() => testApp.close());

  describe('POST /register', () => {
    it('should create an online full-spec host scoring 100 with 201', async () => {
      const host = await register({ host_id: 'host-a', ice_servers: [{ urls: 'stun:stun.example.org:3478' }] });
      expect(Object.keys(host).sort()).toEqual(HOST_FIELDS);
      expect(host).toMatchObject({
        host_id: 'host-a',
        status: 'online',
        quality_score: 100,
        eligible: true,
        max_players: 50,
        max_zones: 5,
        current_players: 0,
        latency_ms: 0,
        public_ip: null,
        ice_servers: [{ urls: 'stun:stun.example.org:3478' }],
      });
      expect(new Date(host.last_heartbeat).toISOString()).toBe(host.last_heartbeat);
    });

    it('should answer 201 again on re-registration, overwrite the identity and keep the live metrics', async () => {
      const first = await register({ host_id: 'host-a', max_players: 50 });
      await http.post(`${HOSTS}/host-a/heartbeat`).send(heartbeat).expect(200);
      const res = await http
        .post(`${HOSTS}/register`)
        .send(makeHostBody({ host_id: 'host-a', player_name: 'Renamed Player', port: 7999, max_players: 50 }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: first.id,
        player_name: 'Renamed Player',
        port: 7999,
        latency_ms: 50,
        current_players: 5,
      });
      expect(res.body.quality_score).toBe(92.3);
    });

    it('should wrap the single-object ice_servers form into a list', async () => {
      const host = await register({ ice_servers: { urls: ['turn:turn.example.org'], username: 'u', credential: 'c' } });
      expect(host.ice_servers).toEqual([{ urls: ['turn:turn.example.org'], username: 'u', credential: 'c' }]);
    });

    it('should register a host below the minimums as ineligible, scoring 77.55', async () => {
      const host = await register({ cpu_cores: 1, cpu_frequency_mhz: 1, memory_mb: 1, network_speed_mbps: 1 });
      expect(host).toMatchObject({ eligible: false, quality_score: 77.55, status: 'online' });
    });

    it.each([
      ['a missing field', { port: undefined }, 'port'],
      ['a wrong type', { cpu_cores: 'eight' }, 'cpu_cores'],
      ['an out-of-range port', { port: 70000 }, 'port'],
      ['a host_id outside the id charset', { host_id: 'host id!' }, 'host_id'],
      ['a host_id over 64 characters', { host_id: 'h'.repeat(65) }, 'host_id'],
      ['a control character in player_name', { player_name: 'bad\u0007name' }, 'player_name'],
      ['a bad IP address', { ip_address: '300.1.2.3' }, 'ip_address'],
      ['a bad public IP', { public_ip: 'localhost' }, 'public_ip'],
      ['an ICE url with a foreign scheme', { ice_servers: [{ urls: 'http://x' }] }, 'ice_servers.0.urls'],
      ['too many ICE servers', { ice_servers: Array.from({ length: 11 }, () => ({ urls: 'stun:a' })) }, 'ice_servers'],
    ])('should answer 422 for %s', async (_label, overrides, field) => {
      expectInvalid(await http.post(`${HOSTS}/register`).send(makeHostBody(overrides)), field);
    });

    // Nest wraps Fastify's JSON parse error in an HttpException (the FastifyError is its `cause`), and
    // the shared exception filter answers that 400 BAD_REQUEST. Switch back to it() once it unwraps `cause`.
    it('should answer 422 INVALID_JSON for a body that is not JSON', async () => {
      const res = await http.post(`${HOSTS}/register`).set('content-type', 'application/json').send('{"host_id": ');
      expectCleanError(res, 422, 'INVALID_JSON');
    });
  });

  describe('POST /:host_id/heartbeat', () => {
    it('should store the metrics and recompute the score with 200', async () => {
      await register({ host_id: 'host-a' });
      const res = await http.post(`${HOSTS}/host-a/heartbeat`).send(heartbeat);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...heartbeat, quality_score: 92.3, status: 'online' });
    });

    it('should do the whole heartbeat in one statement, without a transaction', async () => {
      await register({ host_id: 'host-a' });
      const query = jest.spyOn(testApp.db, 'query');
      const transaction = jest.spyOn(testApp.db, 'transaction');
      try {
        await http.post(`${HOSTS}/host-a/heartbeat`).send(heartbeat).expect(200);
        // Only this request's statements: background sweeps may run meanwhile.
        const statements = query.mock.calls.filter(([, params]) => params?.includes('host-a')).length;
        expect({ statements, transactions: transaction.mock.calls.length }).toEqual({ statements: 1, transactions: 0 });
      } finally {
        query.mockRestore();
        transaction.mockRestore();
      }
    });

    it('should answer 404 HOST_NOT_FOUND for an unknown host', async () => {
      const res = await http.post(`${HOSTS}/ghost/heartbeat`).send(heartbeat);
      expectCleanError(res, 404, 'HOST_NOT_FOUND');
      expect(res.body.message).toBe('Host not found: ghost');
    });

    it.each([
      ['a missing field', { current_zones: undefined }, 'current_zones'],
      ['a negative latency', { latency_ms: -1 }, 'latency_ms'],
      ['a loss over 100 %', { packet_loss_percent: 100.1 }, 'packet_loss_percent'],
      ['a fractional player count', { current_players: 1.5 }, 'current_players'],
    ])('should answer 422 for %s', async (_label, overrides, field) => {
      await register({ host_id: 'host-a' });
      expectInvalid(await http.post(`${HOSTS}/host-a/heartbeat`).send({ ...heartbeat, ...overrides }), field);
    });

    it('should not let an over-full host score below its other terms', async () => {
      await register({ host_id: 'host-a', max_players: 10 });
      const res = await http.post(`${HOSTS}/host-a/heartbeat`).send({ ...heartbeat, current_players: 40 });
      expect(res.body.quality_score).toBe(69.8);
    });
  });

  describe('stale-host sweep', () => {
    const sweeper = () => testApp.app.get(HostSweeperService);
    const age = (hostId: string) =>
      sql(`UPDATE hosts SET last_heartbeat = now() - interval '10 minutes' WHERE host_id = $1`, [hostId]);

    it('should mark silent hosts offline, detach their open sessions, and come back online on heartbeat', async () => {
      const host = await register({ host_id: 'host-a' });
      await register({ host_id: 'host-b' });
      const zone = (await http.post('/api/v1/zones').send(makeZoneBody()).expect(201)).body;
      await sql(
        `INSERT INTO p2p_sessions (session_id, host_id, zone_id, max_players, status) VALUES ('s-open', $1, $2, 10, 'active'), ('s-ended', $1, $2, 10, 'ended')`,
        [host.id, zone.id],
      );
      await age('host-a');

      expect(await sweeper().sweep()).toBe(1);
      expect((await http.get(`${HOSTS}/host-a`)).body.status).toBe('offline');
      expect((await http.get(`${HOSTS}/host-b`)).body.status).toBe('online');
      const sessions = await sql<{ session_id: string; host_id: number | null }>(
        'SELECT session_id, host_id FROM p2p_sessions ORDER BY session_id',
      );
      expect(sessions).toEqual([
        { session_id: 's-ended', host_id: host.id },
        { session_id: 's-open', host_id: null },
      ]);

      const res = await http.post(`${HOSTS}/host-a/heartbeat`).send(heartbeat);
      expect(res.body.status).toBe('online');
      expect(await sweeper().sweep()).toBe(0);
    });

    it('should leave a busy host busy on heartbeat', async () => {
      await register({ host_id: 'host-a' });
      await sql(`UPDATE hosts SET status = 'busy' WHERE host_id = 'host-a'`);
      expect((await http.post(`${HOSTS}/host-a/heartbeat`).send(heartbeat)).body.status).toBe('busy');
    });
  });

  describe('GET and DELETE /:host_id', () => {
    it('should get a host with 200 and answer 404 HOST_NOT_FOUND for an unknown one', async () => {
      await register({ host_id: 'host-a' });
      expect((await http.get(`${HOSTS}/host-a`)).body.host_id).toBe('host-a');
      expectCleanError(await http.get(`${HOSTS}/nobody`), 404, 'HOST_NOT_FOUND');
    });

    it('should answer 422 for a path id outside the id charset', async () => {
      expectInvalid(await http.get(`${HOSTS}/bad%20id`), 'host_id');
    });

    it('should delete with 204 and an empty body, cascade to sessions, then answer 404', async () => {
      const host = await register({ host_id: 'host-a' });
      const zone = (await http.post('/api/v1/zones').send(makeZoneBody()).expect(201)).body;
      await sql(`INSERT INTO p2p_sessions (session_id, host_id, zone_id, max_players) VALUES ('s1', $1, $2, 10)`, [
        host.id,
        zone.id,
      ]);
      const res = await http.delete(`${HOSTS}/host-a`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await sql('SELECT 1 FROM p2p_sessions')).toHaveLength(0);
      expectCleanError(await http.get(`${HOSTS}/host-a`), 404, 'HOST_NOT_FOUND');
      expectCleanError(await http.delete(`${HOSTS}/host-a`), 404, 'HOST_NOT_FOUND');
    });
  });

  describe('GET / (list)', () => {
    beforeEach(async () => {
      await register({ host_id: 'host-low', cpu_cores: 1 });
      await register({ host_id: 'host-top' });
      await register({ host_id: 'host-busy' });
      await sql(`UPDATE hosts SET status = 'busy' WHERE host_id = 'host-busy'`);
    });
    const ids = (res: Response) => (res.body as { host_id: string }[]).map((host) => host.host_id);

    it('should order by quality, then host_id, and page with limit and offset', async () => {
      expect(ids(await http.get(HOSTS))).toEqual(['host-busy', 'host-top', 'host-low']);
      expect(ids(await http.get(`${HOSTS}?limit=1&offset=1`))).toEqual(['host-top']);
    });

    it.each(['status=busy', 'status=BUSY', 'status_filter=busy', 'status_filter=Busy'])(
      'should filter by %s',
      async (query) => {
        expect(ids(await http.get(`${HOSTS}?${query}`))).toEqual(['host-busy']);
      },
    );

    it('should filter by minimum quality', async () => {
      expect(ids(await http.get(`${HOSTS}?min_quality_score=99`))).toEqual(['host-busy', 'host-top']);
    });

    it.each([
      ['status_filter=sleeping', 'status_filter'],
      ['status=gone', 'status'],
      ['min_quality_score=abc', 'min_quality_score'],
      ['limit=0', 'limit'],
    ])('should answer 422 for %s', async (query, field) => {
      const res = await http.get(`${HOSTS}?${query}`);
      expectInvalid(res, field);
      if (field.startsWith('status')) {
        expect(res.body.errors[0].message).toBe(`${field} must be one of: online, offline, busy, maintenance`);
      }
    });
  });

  describe('GET /available/list and /available/best', () => {
    it('should offer only online, eligible, fresh hosts with room, best first and least loaded on ties', async () => {
      for (const host of ['host-b', 'host-a', 'host-stale', 'host-off']) {
        await registerLive({ host_id: host });
      }
      await registerLive({ host_id: 'host-weak', cpu_frequency_mhz: 2000 });
      await register({ host_id: 'host-full', max_players: 1 });
      await register({ host_id: 'host-laggy' });
      await register({ host_id: 'host-silent' }); // registered, no heartbeat yet: not offered
      await http
        .post(`${HOSTS}/host-full/heartbeat`)
        .send({ ...heartbeat, latency_ms: 0, packet_loss_percent: 0, current_players: 1 });
      await http.post(`${HOSTS}/host-laggy/heartbeat`).send({ ...heartbeat, latency_ms: 150 });
      await sql(`UPDATE hosts SET current_players = 3 WHERE host_id = 'host-a'`);
      await sql(`UPDATE hosts SET last_heartbeat = now() - interval '10 minutes' WHERE host_id = 'host-stale'`);
      await sql(`UPDATE hosts SET status = 'offline' WHERE host_id = 'host-off'`);

      const list = await http.get(`${HOSTS}/available/list`);
      expect(list.status).toBe(200);
      expect(list.body.map((host: { host_id: string }) => host.host_id)).toEqual(['host-b', 'host-a']);
      expect((await http.get(`${HOSTS}/available/best`)).body.host_id).toBe('host-b');
      expect((await http.get(`${HOSTS}/available/list?min_quality_score=100.5`)).status).toBe(422);
    });

    it('should apply a zone minimum quality, bandwidth and latency with zone_id', async () => {
      await http
        .post('/api/v1/zones')
        .send(
          makeZoneBody({ zone_id: 'strict', min_host_quality_score: 90, min_bandwidth_mbps: 500, max_latency_ms: 40 }),
        )
        .expect(201);
      await registerLive({ host_id: 'host-ok' });
      await registerLive({ host_id: 'host-slow-net', network_speed_mbps: 200 });
      await register({ host_id: 'host-laggy' });
      await http
        .post(`${HOSTS}/host-laggy/heartbeat`)
        .send({ ...heartbeat, latency_ms: 45, packet_loss_percent: 0, current_players: 0 });

      expect((await http.get(`${HOSTS}/available/list`)).body).toHaveLength(3);
      const zoned = await http.get(`${HOSTS}/available/list?zone_id=strict`);
      expect(zoned.body.map((host: { host_id: string }) => host.host_id)).toEqual(['host-ok']);
      await sql(`UPDATE hosts SET quality_score = 80 WHERE host_id = 'host-ok'`);
      expectCleanError(await http.get(`${HOSTS}/available/best?zone_id=strict`), 404, 'NO_AVAILABLE_HOST');
    });

    it('should answer 404 NO_AVAILABLE_HOST when nothing is available and ZONE_NOT_FOUND for an unknown zone', async () => {
      const none = await http.get(`${HOSTS}/available/best`);
      expectCleanError(none, 404, 'NO_AVAILABLE_HOST');
      expect(none.body.message).toBe('No available hosts found');
      expect((await http.get(`${HOSTS}/available/list`)).body).toEqual([]);
      const unknown = await http.get(`${HOSTS}/available/list?zone_id=atlantis`);
      expectCleanError(unknown, 404, 'ZONE_NOT_FOUND');
      expect(unknown.body.message).toBe('Zone not found: atlantis');
      expectInvalid(await http.get(`${HOSTS}/available/best?zone_id=bad%20zone`), 'zone_id');
    });
  });

  describe('OpenAPI', () => {
    it('should document every host route with its operation name and error responses', async () => {
      const { paths } = (await http.get('/openapi.json').expect(200)).body;
      const operation = (path: string, method: string) => paths[path][method];
      expect(operation('/api/v1/hosts/register', 'post').operationId).toMatch(/registerHost$/);
      expect(operation('/api/v1/hosts/available/best', 'get').operationId).toMatch(/getBestAvailableHost$/);
      expect(operation('/api/v1/hosts/{host_id}/heartbeat', 'post').responses).toHaveProperty('404');
      expect(operation('/api/v1/hosts/{host_id}', 'delete').responses).toHaveProperty('204');
    });
  });

  describe('trailing slashes', () => {
    it.each([
      ['get', HOSTS],
      ['get', `${HOSTS}/available/list`],
      ['get', `${HOSTS}/host-a`],
    ] as const)('should answer %s %s the same with and without a trailing slash', async (method, path) => {
      await register({ host_id: 'host-a' });
      const bare = await http[method](path);
      const slashed = await http[method](`${path}/`);
      expect(bare.status).toBe(200);
      expect(slashed.status).toBe(200);
      expect(slashed.body).toEqual(bare.body);
    });

    it('should register and heartbeat through the slashed form without a redirect', async () => {
      expect((await http.post(`${HOSTS}/register/`).send(makeHostBody({ host_id: 'host-s' }))).status).toBe(201);
      expect((await http.post(`${HOSTS}/host-s/heartbeat/`).send(heartbeat)).status).toBe(200);
      expect((await http.delete(`${HOSTS}/host-s/`)).status).toBe(204);
    });
  });
});
