import { TestApp } from './create-test-app';
import { makeHostBody } from './factories';
import { mintToken, request, TEST_API_KEY } from './tokens';

/** The access matrix's credentials, representative routes and expected answers (docs/security.md). */
export interface GuardConfig {
  jwt: boolean;
  key: boolean;
}

export type Cred = 'none' | 'wrong' | 'expired' | 'other' | 'client' | 'adminKey' | 'adminToken';
export const CREDS: Cred[] = ['none', 'wrong', 'expired', 'other', 'client', 'adminKey', 'adminToken'];
export type Group = 'open' | 'issue' | 'client' | 'owner' | 'admin';

export interface Fixture {
  sessionId: string;
}

export interface Case {
  name: string;
  group: Group;
  /** A client acting on someone else's resource is refused (403) here. */
  owned?: boolean;
  success: number;
  send: (app: TestApp, fixture: Fixture, headers: Record<string, string>) => Promise<{ status: number; body: any }>;
  unchanged?: (app: TestApp, fixture: Fixture) => Promise<void>;
}

export const ADMIN = { 'x-api-key': TEST_API_KEY };

export function headersFor(cred: Cred): Record<string, string> {
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

export async function one(app: TestApp, sql: string, params: unknown[]): Promise<any> {
  const rows = await app.db.query<Record<string, unknown>>(sql, params);
  return rows[0];
}

export const CASES: Case[] = [
  { name: 'GET /health', group: 'open', success: 200, send: (a, _f, h) => request(a.url, 'GET', '/health', h) },
  {
    name: 'POST /api/v1/auth/token',
    group: 'issue',
    success: 200,
    send: (a, _f, h) =>
      request(a.url, 'POST', '/api/v1/auth/token', h, { peer_id: 'alice', client_version: '1.0.0', timestamp: 1 }),
  },
  {
    name: 'GET /api/v1/hosts/host-a',
    group: 'client',
    success: 200,
    send: (a, _f, h) => request(a.url, 'GET', '/api/v1/hosts/host-a', h),
  },
  {
    name: 'GET /api/v1/zones/',
    group: 'client',
    success: 200,
    send: (a, _f, h) => request(a.url, 'GET', '/api/v1/zones/', h),
  },
  {
    name: 'POST /api/v1/hosts/host-a/heartbeat',
    group: 'client',
    owned: true,
    success: 200,
    send: (a, _f, h) =>
      request(a.url, 'POST', '/api/v1/hosts/host-a/heartbeat', h, {
        latency_ms: 77,
        packet_loss_percent: 0,
        bandwidth_usage_mbps: 1,
        current_players: 0,
        current_zones: 0,
      }),
    unchanged: async (a) =>
      expect(Number((await one(a, 'SELECT latency_ms FROM hosts WHERE host_id = $1', ['host-a'])).latency_ms)).not.toBe(
        77,
      ),
  },
  {
    name: 'POST /api/v1/hosts/register (host-a)',
    group: 'client',
    owned: true,
    success: 201,
    send: (a, _f, h) =>
      request(
        a.url,
        'POST',
        '/api/v1/hosts/register',
        h,
        makeHostBody({ host_id: 'host-a', player_id: 'alice', port: 9999 }),
      ),
    unchanged: async (a) =>
      expect((await one(a, 'SELECT port FROM hosts WHERE host_id = $1', ['host-a'])).port).not.toBe(9999),
  },
  {
    name: 'POST /api/v1/sessions/{s}/end',
    group: 'client',
    owned: true,
    success: 200,
    send: (a, f, h) => request(a.url, 'POST', `/api/v1/sessions/${f.sessionId}/end`, h),
    unchanged: async (a, f) =>
      // The fixture's session has a player, so it is active until something ends or fails it.
      expect((await one(a, 'SELECT status FROM p2p_sessions WHERE session_id = $1', [f.sessionId])).status).toBe(
        'active',
      ),
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
    unchanged: async (a, f) =>
      // The fixture's session has a player, so it is active until something ends or fails it.
      expect((await one(a, 'SELECT status FROM p2p_sessions WHERE session_id = $1', [f.sessionId])).status).toBe(
        'active',
      ),
  },
  {
    name: 'POST /api/v1/zones/zone-m/disable-p2p',
    group: 'admin',
    success: 200,
    send: (a, _f, h) => request(a.url, 'POST', '/api/v1/zones/zone-m/disable-p2p', h),
    unchanged: async (a) =>
      expect((await one(a, 'SELECT p2p_enabled FROM zones WHERE zone_id = $1', ['zone-m'])).p2p_enabled).toBe(true),
  },
  {
    name: 'GET /api/v1/monitoring/dashboard',
    group: 'admin',
    success: 200,
    send: (a, _f, h) => request(a.url, 'GET', '/api/v1/monitoring/dashboard', h),
  },
];

/**
 * The status (and code) a configuration must answer; see docs/security.md for the rules. Written
 * from the table, not from the guard's code: admin credentials open everything, a player token never
 * opens an admin route while a guard is on, and without JWT there is no owner identity.
 */
export function expectedOutcome(
  cfg: GuardConfig,
  c: Pick<Case, 'group' | 'owned' | 'success'>,
  cred: Cred,
): { status: number; code?: string } {
  const pass = { status: c.success };
  if (c.group === 'open') {
    return pass;
  }
  const adminCred = cred === 'adminKey' || cred === 'adminToken';
  const playerToken = cred === 'client' || cred === 'other';
  const tokenRefusals: Partial<Record<Cred, string>> = {
    none: 'UNAUTHORIZED',
    wrong: 'INVALID_TOKEN',
    expired: 'TOKEN_EXPIRED',
  };
  const keyRefusals: Partial<Record<Cred, string>> = {
    none: 'UNAUTHORIZED',
    wrong: 'INVALID_API_KEY',
    expired: 'TOKEN_EXPIRED',
  };
  if (c.group === 'issue') {
    // The DLL body for alice: open, or the launcher's key when key validation is on.
    return !cfg.key || cred === 'adminKey'
      ? pass
      : { status: 401, code: cred === 'wrong' ? 'INVALID_API_KEY' : 'UNAUTHORIZED' };
  }
  if (adminCred) {
    return pass;
  }
  if (c.group === 'admin') {
    if (!cfg.jwt && !cfg.key) {
      return pass;
    }
    if (playerToken) {
      return cfg.jwt ? { status: 403, code: 'FORBIDDEN' } : { status: 401, code: 'UNAUTHORIZED' };
    }
    return { status: 401, code: keyRefusals[cred] };
  }
  if (c.group === 'owner' && !cfg.jwt && cfg.key) {
    return { status: 401, code: playerToken ? 'UNAUTHORIZED' : keyRefusals[cred] };
  }
  if (cfg.jwt) {
    if (!playerToken) {
      return { status: 401, code: tokenRefusals[cred] };
    }
    if (cred === 'other' && c.owned) {
      return { status: 403, code: 'FORBIDDEN' };
    }
  }
  return pass;
}
