/**
 * The run's own PostgreSQL database and Redis prefix: created or emptied before the run, and read
 * afterwards for what the coordinators left behind.
 */
import { Client } from 'pg';
import Redis from 'ioredis';

/** Creates the database if missing and empties it; the first node migrates it at boot. */
export async function freshDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test') || !/^[a-z0-9_]+$/i.test(name)) {
    throw new Error(`refusing to use database "${name}": its name must contain "test"`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withPg(admin.toString(), async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`);
    }
  });
  await withPg(url, (client) => client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public'));
}

export async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Deletes the keys under the run's prefix (never the whole db: others may share the index). */
export async function wipePrefix(redis: Redis, prefix: string): Promise<number> {
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) {
      removed += await redis.del(...keys);
    }
  } while (cursor !== '0');
  return removed;
}

export interface ResidualState {
  /** session_players rows left once every peer has disconnected (each should have left). */
  sessionPlayers: number;
  openSessions: number;
  /** Sum of current_players over open sessions (the counter, as opposed to the rows). */
  playersCounted: number;
  /** Keys under the run's prefix, by the segment after it (node registry and leases stay while nodes run). */
  redisKeys: Record<string, number>;
  /** The nodes' PostgreSQL connections by state, and the oldest open transaction (a stuck one holds locks). */
  pgConnections: Record<string, number>;
  oldestTransactionSec: number | null;
  waitedMs: number;
}

/** Polls until no player rows are left (or the timeout), then reads what remains. */
export async function residualState(
  url: string,
  redis: Redis,
  prefix: string,
  timeoutMs: number,
): Promise<ResidualState> {
  const started = Date.now();
  const read = (): Promise<{ rows: number; open: number; counted: number }> =>
    withPg(url, async (client) => {
      const rows = await client.query<{ n: string }>('SELECT count(*) AS n FROM session_players');
      const open = await client.query<{ n: string; players: string }>(
        `SELECT count(*) AS n, COALESCE(sum(current_players), 0) AS players FROM p2p_sessions WHERE status IN ('pending', 'active')`,
      );
      return { rows: Number(rows.rows[0].n), open: Number(open.rows[0].n), counted: Number(open.rows[0].players) };
    });
  let state = await read();
  while ((state.rows > 0 || state.counted > 0) && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    state = await read();
  }
  const connections = await withPg(url, (client) =>
    client.query<{ state: string | null; n: string; oldest: string | null }>(
      `SELECT state, count(*) AS n, max(extract(epoch FROM now() - xact_start)) AS oldest
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY state`,
    ),
  );
  const pgConnections = Object.fromEntries(connections.rows.map((row) => [row.state ?? 'unknown', Number(row.n)]));
  const ages = connections.rows.map((row) => Number(row.oldest)).filter(Number.isFinite);
  const kinds: Record<string, number> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000);
    cursor = next;
    for (const key of keys) {
      const kind = key.slice(prefix.length).split(':')[0] || '(none)';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  } while (cursor !== '0');
  return {
    sessionPlayers: state.rows,
    openSessions: state.open,
    playersCounted: state.counted,
    redisKeys: kinds,
    pgConnections,
    oldestTransactionSec: ages.length > 0 ? Math.round(Math.max(...ages) * 10) / 10 : null,
    waitedMs: Date.now() - started,
  };
}
