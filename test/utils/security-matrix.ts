import WebSocket from 'ws';
import { createTestApp, resetDatabase, TestApp } from './create-test-app';
import { makeHostBody, makeZoneBody } from './factories';
import { mintToken, request, TEST_API_KEY } from './tokens';
import { TestWsClient } from './ws-client';

/**
 * The access matrix: every credential kind against representative routes of each group and the
 * WebSocket, for one guard configuration. Refusals must answer the exact status and code and
 * leave the database as it was.
 */
export interface GuardConfig {
  jwt: boolean;
  key: boolean;
}

type Cred = 'none' | 'wrong' | 'expired' | 'other' | 'client' | 'adminKey' | 'adminToken';
const CREDS: Cred[] = ['none', 'wrong', 'expired', 'other', 'client', 'adminKey', 'adminToken'];
type Group = 'open' | 'issue' | 'client' | 'owner' | 'admin';

interface Fixture {
  sessionId: string;
}

interface Case {
  name: string;
  group: Group;
  /** A client acting on someone else's resource is refused (403) here. */
  owned?: boolean;
  success: number;
  send: (app: TestApp, fixture: Fixture, headers: Record<string, string>) => Promise<{ status: number; body: any }>;
  unchanged?: (app: TestApp, fixture: Fixture) => Promise<void>;
}

const ADMIN = { 'x-api-key': TEST_API_KEY };

function headersFor(cred: Cred): Record<string, string> {
  switch (cred) {
    case 'none':
      return {};
    case 'wrong':
      return { 'x-api-key': 'not-the-key', authorization: 'Bearer not.a.token' };
    case 'expired':
      return { authorization: `Bearer ${mintToken('alice', { issuedSecondsAgo: 7200, ttlSeconds: 3600 })}` };
    case 'other':
      return { authorization: `Bearer ${mintToken('bob')}` };
    case 'client':
      return { authorization: `Bearer ${mintToken('alice')}` };
    case 'adminKey':
      return ADMIN;
    case 'adminToken':
      return { authorization: `Bearer ${mintToken('ops', { role: 'admin' })}` };
  }
}

async function one(app: TestApp, sql: string, params: unknown[]): Promise<any> {
  const rows = await app.db.query<Record<string, unknown>>(sql, params);
  return rows[0];
}

const CASES: Case[] = [
  { name: 'GET /health', group: 'open', success: 200, send: (a, _f, h) => request(a.url, 'GET', '/health', h) },
  {
    name: 'POST /api/v1/auth/token',
    group: 'issue',
    success: 200,
    send: (a, _f, h) => request(a.url, 'POST', '/api/v1/auth/token', h, { peer_id: 'alice', client_version: '1.0.0', timestamp: 1 }),
  },
  { name: 'GET /api/v1/hosts/host-a', group: 'client', success: 200, send: (a, _f, h) => request(a.url, 'GET', '/api/v1/hosts/host-a', h) },
  { name: 'GET /api/v1/zones/', group: 'client', success: 200, send: (a, _f, h) => request(a.url, 'GET', '/api/v1/zones/', h) },
  {
    name: 'POST /api/v1/hosts/host-a/heartbeat',
    group: 'client',
    owned: true,
    success: 200,
    send: (a, _f, h) =>
      request(a.url, 'POST', '/api/v1/hosts/host-a/heartbeat', h, { latency_ms: 77, packet_loss_percent: 0, bandwidth_usage_mbps: 1, current_players: 0, current_zones: 0 }),
    unchanged: async (a) => expect(Number((await one(a, 'SELECT latency_ms FROM hosts WHERE host_id = $1', ['host-a'])).latency_ms)).not.toBe(77),
  },
  {
    name: 'POST /api/v1/hosts/register (host-a)',
    group: 'client',
    owned: true,
    success: 201,
    send: (a, _f, h) => request(a.url, 'POST', '/api/v1/hosts/register', h, makeHostBody({ host_id: 'host-a', player_id: 'alice', port: 9999 })),
    unchanged: async (a) => expect((await one(a, 'SELECT port FROM hosts WHERE host_id = $1', ['host-a'])).port).not.toBe(9999),
  },
  {
    name: 'POST /api/v1/sessions/{s}/end',
    group: 'client',
    owned: true,
    success: 200,
    send: (a, f, h) => request(a.url, 'POST', `/api/v1/sessions/${f.sessionId}/end`, h),
    unchanged: async (a, f) => expect((await one(a, 'SELECT status FROM p2p_sessions WHERE session_id = $1', [f.sessionId])).status).toBe('pending'),
  },
  {
    name: 'DELETE /api/v1/hosts/host-a',
    group: 'owner',
    owned: true,
    success: 204,
    send: (a, _f, h) => request(a.url, 'DELETE', '/api/v1/hosts/host-a', h),
    unchanged: async (a) => expect(await one(a, 'SELECT id FROM hosts WHERE host_id = $1', ['host-a'])).toBeDefined(),
  },
  {
    name: 'POST /api/v1/sessions/cleanup?timeout_minutes=1',
    group: 'admin',
    success: 200,
    send: (a, _f, h) => request(a.url, 'POST', '/api/v1/sessions/cleanup?timeout_minutes=1', h),
    unchanged: async (a, f) => expect((await one(a, 'SELECT status FROM p2p_sessions WHERE session_id = $1', [f.sessionId])).status).toBe('pending'),
  },
  {
    name: 'POST /api/v1/zones/zone-m/disable-p2p',
    group: 'admin',
    success: 200,
    send: (a, _f, h) => request(a.url, 'POST', '/api/v1/zones/zone-m/disable-p2p', h),
    unchanged: async (a) => expect((await one(a, 'SELECT p2p_enabled FROM zones WHERE zone_id = $1', ['zone-m'])).p2p_enabled).toBe(true),
  },
  { name: 'GET /api/v1/monitoring/dashboard', group: 'admin', success: 200, send: (a, _f, h) => request(a.url, 'GET', '/api/v1/monitoring/dashboard', h) },
];

/** The status (and code) a configuration must answer; see docs/security.md for the rules. */
export function expectedOutcome(cfg: GuardConfig, c: Pick<Case, 'group' | 'owned' | 'success'>, cred: Cred): { status: number; code?: string } {
  if (c.group === 'open') {
    return { status: c.success };
  }
  if (c.group === 'issue') {
    if (!cfg.key || cred === 'adminKey') {
      return { status: c.success };
    }
    return { status: 401, code: cred === 'wrong' ? 'INVALID_API_KEY' : 'UNAUTHORIZED' };
  }
  const keyNeeded = cfg.key && (c.group === 'admin' || (c.group === 'owner' && !cfg.jwt));
  if (keyNeeded) {
    if (cred === 'adminKey' || cred === 'adminToken') {
      return { status: c.success };
    }
    return { status: 401, code: cred === 'wrong' ? 'INVALID_API_KEY' : 'UNAUTHORIZED' };
  }
  if (cfg.jwt) {
    const refusals: Partial<Record<Cred, string>> = { none: 'UNAUTHORIZED', wrong: 'INVALID_TOKEN', expired: 'TOKEN_EXPIRED' };
    if (refusals[cred]) {
      return { status: 401, code: refusals[cred] };
    }
    if (cred === 'other' && c.owned) {
      return { status: 403, code: 'FORBIDDEN' };
    }
  }
  return { status: c.success };
}

export function securityEnv(cfg: GuardConfig): Record<string, string> {
  return {
    JWT_VALIDATION_ENABLED: String(cfg.jwt),
    API_KEY_VALIDATION_ENABLED: String(cfg.key),
    COORDINATOR_API_KEY: TEST_API_KEY,
    CORS_ORIGINS: 'http://allowed.example',
  };
}

export function describeSecurityMatrix(cfg: GuardConfig): void {
  describe(`security matrix: JWT ${cfg.jwt ? 'on' : 'off'}, API key ${cfg.key ? 'on' : 'off'}`, () => {
    let app: TestApp;
    let fixture: Fixture;
    const clients: TestWsClient[] = [];

    beforeAll(async () => {
      app = await createTestApp(securityEnv(cfg));
    });

    beforeEach(async () => {
      await resetDatabase(app);
      expect((await request(app.url, 'POST', '/api/v1/zones/', ADMIN, makeZoneBody({ zone_id: 'zone-m', max_players: 50 }))).status).toBe(201);
      expect((await request(app.url, 'POST', '/api/v1/hosts/register', ADMIN, makeHostBody({ host_id: 'host-a', player_id: 'alice' }))).status).toBe(201);
      expect((await request(app.url, 'POST', '/api/v1/hosts/register', ADMIN, makeHostBody({ host_id: 'host-b', player_id: 'bob' }))).status).toBe(201);
      const session = await request(app.url, 'POST', '/api/v1/sessions/', ADMIN, { host_id: 'host-a', zone_id: 'zone-m', player_ids: ['alice'] });
      expect(session.status).toBe(201);
      fixture = { sessionId: session.body.session_id as string };
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
    });

    afterAll(async () => {
      await app.close();
    });

    for (const c of CASES) {
      for (const cred of CREDS) {
        const want = expectedOutcome(cfg, c, cred);
        it(`${c.name} with ${cred} credentials → ${want.status}${want.code ? ` ${want.code}` : ''}`, async () => {
          const answer = await c.send(app, fixture, headersFor(cred));
          expect({ status: answer.status, code: want.code ? answer.body?.code : undefined }).toEqual({ status: want.status, code: want.code });
          if (answer.status >= 400 && c.unchanged) {
            await c.unchanged(app, fixture);
          }
        });
      }
    }

    if (cfg.jwt) {
      it('refuses re-registering a host_id owned by another player, changing nothing', async () => {
        const answer = await request(app.url, 'POST', '/api/v1/hosts/register', headersFor('other'), makeHostBody({ host_id: 'host-a', player_id: 'bob', port: 9998 }));
        expect(answer.status).toBe(403);
        expect(answer.body.code).toBe('FORBIDDEN');
        const host = await one(app, 'SELECT player_id, port FROM hosts WHERE host_id = $1', ['host-a']);
        expect(host).toMatchObject({ player_id: 'alice' });
        expect(host.port).not.toBe(9998);
      });
    }

    const carolMemberships = async (): Promise<number> =>
      Number((await one(app, 'SELECT count(*) AS n FROM session_players WHERE player_id = $1', ['carol'])).n);

    const wsTokens: Record<'none' | 'wrong' | 'expired' | 'other' | 'client', string | undefined> = {
      none: undefined,
      wrong: 'not.a.token',
      expired: mintToken('carol', { issuedSecondsAgo: 7200, ttlSeconds: 3600 }),
      other: mintToken('bob'),
      client: mintToken('carol'),
    };
    const wsRefusals: Record<string, string> = { none: 'UNAUTHORIZED', wrong: 'INVALID_TOKEN', expired: 'TOKEN_EXPIRED' };

    for (const [cred, token] of Object.entries(wsTokens)) {
      it(`WebSocket create_session with ${cred} token in the first message`, async () => {
        const client = await TestWsClient.connect(app.wsUrl);
        clients.push(client);
        client.send({ type: 'create_session', peer_id: 'carol', zone: 'zone-m', token });
        if (!cfg.jwt || cred === 'client') {
          expect((await client.next('session_created')).session_id).toEqual(expect.any(String));
          expect(await carolMemberships()).toBe(1);
          return;
        }
        const error = await client.next('error');
        if (cred === 'other') {
          expect(error.code).toBe('PEER_ID_MISMATCH');
        } else {
          expect(error.code).toBe(wsRefusals[cred]);
          expect((await client.closed).code).toBe(1008);
        }
        expect(await carolMemberships()).toBe(0);
      });
    }

    it('WebSocket token in the query string or the Authorization header', async () => {
      const viaQuery = await TestWsClient.connect(app.wsUrl, `?token=${wsTokens.client}`);
      const viaHeader = new TestWsClient(new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, { headers: { authorization: `Bearer ${mintToken('dave')}` } }));
      await viaHeader.opened;
      clients.push(viaQuery, viaHeader);
      viaQuery.send({ type: 'create_session', peer_id: 'carol', zone: 'zone-m' });
      viaHeader.send({ type: 'create_session', peer_id: 'dave', zone: 'zone-m' });
      await viaQuery.next('session_created');
      await viaHeader.next('session_created');
    });

    it('WebSocket with ?peer_id= and no token', async () => {
      const client = await TestWsClient.connect(app.wsUrl, `?peer_id=carol&session_id=${fixture.sessionId}`);
      clients.push(client);
      if (!cfg.jwt) {
        await client.next((m) => m.type === 'session-joined' || m.type === 'session_joined');
        return;
      }
      expect((await client.next('error')).code).toBe('UNAUTHORIZED');
      expect((await client.closed).code).toBe(1008);
      expect(await carolMemberships()).toBe(0);
    });

    it('WebSocket from a browser origin outside CORS_ORIGINS is refused; an allowed one is not', async () => {
      const bad = new TestWsClient(new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, { headers: { origin: 'http://evil.example' } }));
      await bad.opened;
      expect((await bad.next('error')).code).toBe('FORBIDDEN');
      expect((await bad.closed).code).toBe(1008);
      const good = new TestWsClient(new WebSocket(`${app.wsUrl}/api/v1/signaling/ws?token=${wsTokens.client}`, { headers: { origin: 'http://allowed.example' } }));
      await good.opened;
      clients.push(good);
      good.send({ type: 'create_session', peer_id: 'carol', zone: 'zone-m' });
      await good.next('session_created');
    });
  });
}
