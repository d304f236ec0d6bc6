/**
 * What this node runs on, as `GET /` and the start-up line report it: the database (PostgreSQL from
 * DATABASE_URL, or embedded PGlite) and the live state (Redis from REDIS_URL or REDIS_CLUSTER_NODES,
 * or in-process).
 * Only `postgres+redis` can run several nodes.
 */
export const DEPLOYMENT_MODES = ['postgres+redis', 'postgres+in-process', 'embedded+redis', 'embedded'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** The part of AppConfig the mode depends on. */
export interface Backends {
  db: { embedded: boolean };
  redis: { url?: string; clusterNodes?: readonly unknown[] };
}

/** Whether live state is shared through Redis: one server (REDIS_URL) or a cluster. */
export function usesRedis(config: Backends): boolean {
  return Boolean(config.redis.url) || Boolean(config.redis.clusterNodes?.length);
}

export function deploymentMode(config: Backends): DeploymentMode {
  const redis = usesRedis(config);
  if (config.db.embedded) {
    return redis ? 'embedded+redis' : 'embedded';
  }
  return redis ? 'postgres+redis' : 'postgres+in-process';
}

/** The start-up line's words for the storage and the live state. */
export function describeBackends(config: Backends): string {
  const storage = config.db.embedded ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL';
  const state = config.redis.clusterNodes?.length
    ? 'Redis Cluster'
    : config.redis.url
      ? 'Redis'
      : 'in-process live state';
  return `${storage}, ${state}`;
}

/**
 * The start-up warning when something is embedded, naming exactly what and the variable that
 * replaces it; undefined for `postgres+redis`, which needs no warning.
 */
export function singleNodeWarning(config: Backends): string | undefined {
  switch (deploymentMode(config)) {
    case 'postgres+redis':
      return undefined;
    case 'postgres+in-process':
      return 'Single-node mode: live state is in-process (REDIS_URL is unset); set REDIS_URL to run several nodes.';
    case 'embedded+redis':
      return 'Single-node mode: the database is embedded PGlite (DATABASE_URL is unset); set DATABASE_URL to run several nodes.';
    case 'embedded':
      return (
        'Single-node mode: the database is embedded PGlite and live state is in-process (DATABASE_URL and REDIS_URL are unset); ' +
        'set both to run several nodes.'
      );
  }
}
