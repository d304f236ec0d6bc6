import type { EnvVarSpec } from '../env-spec';

/** Storage variables (see env-spec.ts). */
export const STORAGE_ENV: EnvVarSpec[] = [
  { name: 'DATABASE_URL', kind: 'string', group: 'storage', secret: true, description: 'PostgreSQL URL (`postgresql://`, `postgres://` or `postgresql+asyncpg://`). Unset: embedded PostgreSQL (PGlite) under `EMBEDDED_DATA_DIR`, single node.' },
  { name: 'POSTGRES_HOST', kind: 'string', group: 'storage', description: 'Fallback used to build `DATABASE_URL` when it is unset.' },
  { name: 'POSTGRES_PORT', kind: 'int', group: 'storage', default: '5432', min: 1, max: 65535, description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'POSTGRES_DB', kind: 'string', group: 'storage', default: 'p2p_coordinator', description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'POSTGRES_USER', kind: 'string', group: 'storage', default: 'postgres', description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'POSTGRES_PASSWORD', kind: 'string', group: 'storage', secret: true, description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'DATABASE_POOL_SIZE', kind: 'int', group: 'storage', default: '10', min: 1, max: 500, description: 'PostgreSQL connections kept in the pool.' },
  { name: 'DATABASE_MAX_OVERFLOW', kind: 'int', group: 'storage', default: '5', min: 0, max: 500, description: 'Extra connections allowed above the pool size.' },
  { name: 'DATABASE_DURABLE_JOINS', kind: 'bool', group: 'storage', default: 'false', description: 'Whether a transaction that seats players waits for its WAL flush. `false`: those transactions alone commit with `synchronous_commit = off`, so a join does not wait milliseconds for the disk; a PostgreSQL crash (not a restart) can then forget the joins of its last fraction of a second, never half of one. `true`: every commit waits. The embedded database always waits (it crashes with the coordinator).' },
  { name: 'EMBEDDED_DATA_DIR', kind: 'string', group: 'storage', default: './data', description: 'Where the embedded database persists (`memory://` keeps it in memory).' },
  { name: 'REDIS_URL', kind: 'string', group: 'storage', secret: true, description: 'Redis (or DragonflyDB) URL for live state shared by several nodes. Unset: in-process state, single node.' },
  { name: 'REDIS_HOST', kind: 'string', group: 'storage', description: 'Fallback used to build `REDIS_URL` when it is unset.' },
  { name: 'REDIS_PORT', kind: 'int', group: 'storage', default: '6379', min: 1, max: 65535, description: 'Fallback (with `REDIS_HOST`).' },
  { name: 'REDIS_DB', kind: 'int', group: 'storage', default: '0', min: 0, max: 255, description: 'Fallback (with `REDIS_HOST`).' },
  { name: 'REDIS_PASSWORD', kind: 'string', group: 'storage', secret: true, description: 'Fallback (with `REDIS_HOST`).' },
  { name: 'REDIS_MAX_CONNECTIONS', kind: 'int', group: 'storage', default: '20', min: 1, max: 10000, description: 'Accepted for compatibility; a node uses three Redis connections (commands, publishes and subscriptions).' },
  { name: 'REDIS_KEY_PREFIX', kind: 'string', group: 'storage', default: 'p2pc:', description: 'Prefix of every Redis key and channel.' },
];
