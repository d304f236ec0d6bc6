/**
 * Starting the coordinator for a workload: its own PostgreSQL database (name contains "bench") and
 * Redis db index, limits raised out of the way of the load, and tokens minted with the same secret.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { port, Server, startNode } from './proc';
import { repoRoot } from './report';

export const PG_HOST = process.env.BENCH_PG_HOST ?? '127.0.0.1';
export const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 5432);
export const PG_USER = process.env.BENCH_PG_USER ?? 'postgres';
export const BENCH_DB = process.env.BENCH_DB ?? 'p2p_coordinator_bench';
/** Redis db indexes 3-5 are the suite's; 3 is the coordinator's. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/3';
export const JWT_SECRET = 'bench-secret-key-that-is-long-enough-0123456789abcdef';

export const databaseUrl = (db = BENCH_DB): string => `postgresql://${PG_USER}@${PG_HOST}:${PG_PORT}/${db}`;

/** Drops and recreates the bench database so every run starts from an empty schema. */
export async function freshDatabase(db = BENCH_DB): Promise<void> {
  if (!/bench|test/.test(db)) {
    throw new Error(`refusing to recreate ${db}: bench databases must have "bench" or "test" in the name`);
  }
  const admin = new Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${db}`);
  } finally {
    await admin.end();
  }
}

/** Empties the suite's Redis db so routes and leases from an earlier target do not linger. */
export async function flushRedis(url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}

/** HS256 token as the coordinator issues it (same claims), so peers need no REST round trip. */
export function mintToken(subject: string, role: 'client' | 'admin' = 'client'): string {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: subject, player_id: subject, type: 'access', role, jti: randomUUID(), fam: randomUUID(), gen: 0, iat, exp: iat + 3600 })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

export interface CoordinatorOptions {
  jwt?: boolean;
  nodeId?: string;
  env?: NodeJS.ProcessEnv;
}

/** The environment every coordinator in the suite gets; `env` overrides it. */
export function coordinatorEnv(listenPort: number, options: CoordinatorOptions): NodeJS.ProcessEnv {
  return {
    PORT: String(listenPort),
    HOST: '127.0.0.1',
    // Metrics on, served on the main port so two nodes do not fight over the default metrics port.
    PROMETHEUS_ENABLED: 'true',
    PROMETHEUS_PORT: String(listenPort),
    DATABASE_URL: databaseUrl(),
    REDIS_URL,
    // Per run: pub/sub channels are shared by every database of a Redis server, so two benches on
    // one server (other BENCH_REDIS_URL databases) would otherwise hear each other's node inboxes.
    REDIS_KEY_PREFIX: `bench${process.pid}:`,
    NODE_ID: options.nodeId ?? `bench-${listenPort}`,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ENVIRONMENT: 'test',
    JWT_VALIDATION_ENABLED: options.jwt ? 'true' : 'false',
    JWT_SECRET_KEY: JWT_SECRET,
    P2P_ENABLED_ZONES: 'prontera',
    // Per-connection and per-IP protections are sized for players, not for a load generator that
    // drives thousands of messages per second per socket from one address: raised out of the way.
    WS_MESSAGES_PER_SECOND: '1000000',
    WS_MESSAGE_BURST: '1000000',
    WS_BYTES_PER_SECOND: '1073741824',
    WS_BYTES_BURST: '1073741824',
    WS_MAX_CONNECTIONS_PER_IP: '1000000',
    WS_MAX_BUFFERED_BYTES: '67108864',
    RATE_LIMIT_API_PER_MINUTE: '10000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    ...options.env,
  };
}

export async function startCoordinator(options: CoordinatorOptions = {}): Promise<Server> {
  const listenPort = port();
  const main = join(repoRoot(), 'dist', 'src', 'main.js');
  return startNode(options.nodeId ?? 'coordinator', main, [], listenPort, coordinatorEnv(listenPort, options));
}

/** JSON REST call; throws on a status other than the expected ones so setup errors are loud. */
export async function rest(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  ok = [200, 201],
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!ok.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Creates a P2P zone with room for `maxPlayers` (so a whole workload fits in one session). */
export async function createZone(base: string, zoneId: string, maxPlayers: number): Promise<void> {
  await rest(
    base,
    'POST',
    '/api/v1/zones',
    {
      zone_id: zoneId,
      zone_name: zoneId,
      zone_display_name: zoneId,
      map_name: zoneId,
      max_players: maxPlayers,
      recommended_players: maxPlayers,
      p2p_enabled: true,
    },
    mintToken('bench-admin', 'admin'),
    [200, 201, 409],
  );
}
