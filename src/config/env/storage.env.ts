import { envVar } from '../env-var';

/** Storage variables (see env-spec.ts). */
export const STORAGE_ENV = {
  DATABASE_URL: envVar.string({
    default: undefined,
    secret: true,
    description:
      'PostgreSQL URL (`postgresql://`, `postgres://` or `postgresql+asyncpg://`). Unset: embedded PostgreSQL (PGlite) under `EMBEDDED_DATA_DIR`, single node.',
  }),
  POSTGRES_HOST: envVar.string({
    default: undefined,
    description: 'Fallback used to build `DATABASE_URL` when it is unset.',
  }),
  POSTGRES_PORT: envVar.int({ default: 5432, min: 1, max: 65535, description: 'Fallback (with `POSTGRES_HOST`).' }),
  POSTGRES_DB: envVar.string({ default: 'p2p_coordinator', description: 'Fallback (with `POSTGRES_HOST`).' }),
  POSTGRES_USER: envVar.string({ default: 'postgres', description: 'Fallback (with `POSTGRES_HOST`).' }),
  POSTGRES_PASSWORD: envVar.string({
    default: undefined,
    secret: true,
    description: 'Fallback (with `POSTGRES_HOST`).',
  }),
  DATABASE_POOL_SIZE: envVar.int({
    default: 10,
    min: 1,
    max: 500,
    description: 'PostgreSQL connections kept in the pool.',
  }),
  DATABASE_MAX_OVERFLOW: envVar.int({
    default: 5,
    min: 0,
    max: 500,
    description: 'Extra connections allowed above the pool size.',
  }),
  DATABASE_DURABLE_JOINS: envVar.bool({
    default: false,
    description:
      'Whether a transaction that seats players waits for its WAL flush. `false`: those transactions alone commit with `synchronous_commit = off`, so a join does not wait milliseconds for the disk; a PostgreSQL crash (not a restart) can then forget the joins of its last fraction of a second, never half of one. `true`: every commit waits. The embedded database always waits (it crashes with the coordinator).',
  }),
  EMBEDDED_DATA_DIR: envVar.string({
    default: './data',
    description: 'Where the embedded database persists (`memory://` keeps it in memory).',
  }),
  REDIS_URL: envVar.string({
    default: undefined,
    secret: true,
    description:
      'Redis (or DragonflyDB) URL for live state shared by several nodes. Unset: in-process state, single node.',
  }),
  REDIS_CLUSTER_NODES: envVar.list({
    default: undefined,
    description:
      'Redis Cluster (Redis 7 or later) instead of one Redis: comma-separated `host:port` seeds, e.g. `redis-1:7001,redis-2:7002`. Keys that belong together share a hash slot and node inboxes use sharded pub/sub. Refused together with `REDIS_URL`; the `REDIS_HOST` fallbacks are ignored, `REDIS_PASSWORD` is used. Unset: `REDIS_URL`.',
  }),
  REDIS_HOST: envVar.string({
    default: undefined,
    description: 'Fallback used to build `REDIS_URL` when it is unset.',
  }),
  REDIS_PORT: envVar.int({ default: 6379, min: 1, max: 65535, description: 'Fallback (with `REDIS_HOST`).' }),
  REDIS_DB: envVar.int({ default: 0, min: 0, max: 255, description: 'Fallback (with `REDIS_HOST`).' }),
  REDIS_PASSWORD: envVar.string({ default: undefined, secret: true, description: 'Fallback (with `REDIS_HOST`).' }),
  REDIS_MAX_CONNECTIONS: envVar.int({
    default: 20,
    min: 1,
    max: 10000,
    description:
      'Accepted for compatibility; a node uses three Redis connections (commands, publishes and subscriptions; on a cluster, each of them per master).',
  }),
  REDIS_KEY_PREFIX: envVar.string({ default: 'p2pc:', description: 'Prefix of every Redis key and channel.' }),
  REDIS_CHANNEL_SCOPE: envVar.string({
    default: undefined,
    description:
      'Deployment name on pub/sub channels (`<prefix>{<scope>}:inbox:…`); unset, the database number of the Redis URL (`db<N>`) is used, so deployments on one Redis server never hear each other. On a cluster (no database numbers) channels are `<prefix><scope>:inbox:{<node>}`, and without a scope the key prefix alone keeps deployments apart.',
  }),
};
