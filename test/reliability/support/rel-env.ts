import { Client } from 'pg';
import Redis from 'ioredis';

/**
 * Servers for the reliability suite. Faults that need PostgreSQL or Redis always use real servers
 * (the ones the environment names, else the machine's own), with their own database and Redis
 * indexes so they never collide with the other suites running at the same time.
 */
const pgBase = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
const redisBase = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0');

export const PG_HOST = pgBase.hostname;
export const PG_PORT = Number(pgBase.port || 5432);
export const REDIS_HOST = redisBase.hostname;
export const REDIS_PORT = Number(redisBase.port || 6379);

/** A database of the suite's own (its name contains "test"). */
export function relDatabaseUrl(name = 'p2p_rel_test'): string {
  const url = new URL(pgBase.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Redis indexes 6–9 belong to this suite (9: the soak, shared with `npm run soak`, by key prefix). */
export function relRedisUrl(index: 6 | 7 | 8 | 9 = 6): string {
  const url = new URL(redisBase.toString());
  url.pathname = `/${index}`;
  return url.toString();
}

export const FULL = process.env.RELIABILITY_FULL === '1';

/** Creates the database if missing and empties it (the app migrates it at boot). */
export async function freshDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test')) {
    throw new Error(`Refusing to use database "${name}": its name must contain "test"`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
  await sql(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
}

export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Deletes every Redis key under a prefix: what a Redis restart without persistence does to the live state. */
export async function wipeRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        removed += await redis.del(...keys);
      }
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}

/** The four tables that must survive every fault, as comparable rows. */
export async function durableSnapshot(url: string): Promise<Record<string, unknown[]>> {
  return {
    hosts: await sql(url, 'SELECT host_id FROM hosts ORDER BY host_id'),
    zones: await sql(url, 'SELECT zone_id FROM zones ORDER BY zone_id'),
    sessions: await sql(url, 'SELECT session_id, zone_id FROM p2p_sessions ORDER BY session_id'),
    players: await sql(
      url,
      'SELECT s.session_id, sp.player_id FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id ORDER BY 1, 2',
    ),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
