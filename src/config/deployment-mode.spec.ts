import { deploymentMode, describeBackends, singleNodeWarning } from './deployment-mode';

const config = (db: boolean, redis: boolean) => ({
  db: { embedded: !db },
  redis: { url: redis ? 'redis://cache' : undefined },
});

describe(deploymentMode.name, () => {
  it('should name the database and the live state actually configured', () => {
    expect(deploymentMode(config(true, true))).toBe('postgres+redis');
    expect(deploymentMode(config(true, false))).toBe('postgres+in-process');
    expect(deploymentMode(config(false, true))).toBe('embedded+redis');
    expect(deploymentMode(config(false, false))).toBe('embedded');
  });

  it('should warn about exactly what is embedded, and not at all with both servers', () => {
    expect(singleNodeWarning(config(true, true))).toBeUndefined();
    const redisSet = singleNodeWarning(config(false, true))!;
    expect(redisSet).toContain('embedded PGlite (DATABASE_URL is unset)');
    expect(redisSet).not.toContain('REDIS_URL');
    const dbSet = singleNodeWarning(config(true, false))!;
    expect(dbSet).toContain('in-process (REDIS_URL is unset)');
    expect(dbSet).not.toContain('DATABASE_URL');
    expect(singleNodeWarning(config(false, false))).toContain('DATABASE_URL and REDIS_URL are unset');
  });
});

describe(describeBackends.name, () => {
  it('should count a Redis Cluster as shared live state and name it', () => {
    const cluster = { db: { embedded: false }, redis: { clusterNodes: [{ host: 'redis-1', port: 7001 }] } };
    expect(deploymentMode(cluster)).toBe('postgres+redis');
    expect(singleNodeWarning(cluster)).toBeUndefined();
    expect(describeBackends(cluster)).toBe('PostgreSQL, Redis Cluster');
    expect(describeBackends(config(true, true))).toBe('PostgreSQL, Redis');
  });
});
