import { ConfigValidationError, loadConfig } from './app-config';
import { normaliseDatabaseUrl } from './app-config.builder';

describe(loadConfig.name, () => {
  it('should apply the seed defaults on an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.service.port).toBe(8001);
    expect(sut.service.host).toBe('0.0.0.0');
    expect(sut.db.embedded).toBe(true);
    expect(sut.redis.url).toBeUndefined();
    expect(sut.p2p.enabledZones).toEqual(['prontera', 'geffen', 'payon']);
    expect(sut.p2p.sessionTimeoutMinutes).toBe(30);
    expect(sut.p2p.hostHeartbeatTimeoutMinutes).toBe(5);
    expect(sut.auth.jwtEnabled).toBe(false);
    expect(sut.auth.apiKeyEnabled).toBe(false);
    expect(sut.auth.jwtSecretGenerated).toBe(true);
  });

  it('should read the earlier coordinator names as fallbacks', () => {
    const sut = loadConfig({
      P2P_SERVICE_PORT: '9000',
      P2P_SERVICE_NAME: 'legacy',
      POSTGRES_HOST: 'db',
      POSTGRES_USER: 'p2p_user',
      POSTGRES_PASSWORD: 'p@ss',
      POSTGRES_DB: 'p2p',
      REDIS_HOST: 'cache',
      REDIS_DB: '1',
      REDIS_PASSWORD: 'pw',
      P2P_SESSION_TIMEOUT_SECONDS: '300',
      STUN_SERVER: 'stun:example.org:3478',
      TURN_SERVER: 'turn:example.org:3478',
    });
    expect(sut.service.port).toBe(9000);
    expect(sut.service.name).toBe('legacy');
    expect(sut.db.url).toBe('postgresql://p2p_user:p%40ss@db:5432/p2p');
    expect(sut.db.embedded).toBe(false);
    expect(sut.redis.url).toBe('redis://:pw@cache:6379/1');
    expect(sut.p2p.sessionTimeoutMinutes).toBe(5);
    expect(sut.p2p.stunServers).toEqual(['stun:example.org:3478']);
    expect(sut.p2p.turnServers).toEqual(['turn:example.org:3478']);
  });

  it('should read Redis Cluster seeds, with the REDIS_HOST fallbacks ignored and the password kept', () => {
    const sut = loadConfig({
      REDIS_CLUSTER_NODES: 'redis-1:7001, 10.0.0.2:7002,[::1]:7003',
      REDIS_HOST: 'cache',
      REDIS_PASSWORD: 'pw',
    });
    expect(sut.redis.clusterNodes).toEqual([
      { host: 'redis-1', port: 7001 },
      { host: '10.0.0.2', port: 7002 },
      { host: '::1', port: 7003 },
    ]);
    expect(sut.redis.url).toBeUndefined();
    expect(sut.redis.password).toBe('pw');
  });

  it('should refuse Redis Cluster seeds that are not host:port, a REDIS_URL beside them, and a braced prefix', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:7001,redis-2' })).toThrow(
      /REDIS_CLUSTER_NODES: "redis-2" is not host:port/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:70000' })).toThrow(/"redis-1:70000" is not host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:7001', REDIS_URL: 'redis://cache' })).toThrow(
      /REDIS_CLUSTER_NODES and REDIS_URL are both set/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:7001', REDIS_KEY_PREFIX: 'p2p{a}:' })).toThrow(
      /REDIS_KEY_PREFIX must not contain/,
    );
  });

  it('should prefer canonical names over fallbacks', () => {
    const sut = loadConfig({
      PORT: '8100',
      P2P_SERVICE_PORT: '9000',
      SESSION_TIMEOUT_MINUTES: '12',
      P2P_SESSION_TIMEOUT_SECONDS: '300',
    });
    expect(sut.service.port).toBe(8100);
    expect(sut.p2p.sessionTimeoutMinutes).toBe(12);
  });

  it('should accept the seed guide asyncpg URL form', () => {
    const sut = loadConfig({ DATABASE_URL: 'postgresql+asyncpg://u:p@localhost:5432/ai_world_memory' });
    expect(sut.db.url).toBe('postgresql://u:p@localhost:5432/ai_world_memory');
    expect(normaliseDatabaseUrl('postgres+psycopg://h/db')).toBe('postgresql://h/db');
  });

  it('should add pool size and overflow', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '7', DATABASE_MAX_OVERFLOW: '3' }).db.poolSize).toBe(10);
    expect(loadConfig({}).db.durableJoins).toBe(false);
    expect(loadConfig({ DATABASE_DURABLE_JOINS: 'true' }).db.durableJoins).toBe(true);
  });

  it('should list every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        ENABLE_P2P: 'maybe',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        API_KEY_VALIDATION_ENABLED: 'true',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/ENABLE_P2P must be a boolean/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgresql/);
    expect(problems.join('\n')).toMatch(/COORDINATOR_API_KEY is required/);
  });

  it('should reject out-of-range numbers', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 0 and 65535/);
  });

  it('should refuse weak or placeholder secrets in production', () => {
    expect(() => loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'short' })).toThrow(/JWT_SECRET_KEY/);
    expect(() =>
      loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'your-secret-key-change-in-production-xxxxxxxx' }),
    ).toThrow(/placeholder/);
    const strong = 'k3J9vQ2mX7pL4sT8wZ1nB6cF0hD5gR2y';
    expect(loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: strong }).service.environment).toBe('production');
  });

  it('should normalise log level aliases', () => {
    expect(loadConfig({ LOG_LEVEL: 'WARNING' }).service.logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'INFO' }).service.logLevel).toBe('info');
  });
});
