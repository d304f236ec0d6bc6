import { RawEnv } from '../../src/config/env-parse';

/**
 * The environment every e2e app starts from. `TEST_DATABASE_URL` selects real PostgreSQL (the CI run
 * sets it); without it the embedded default runs in memory. `TEST_REDIS_URL` likewise selects Redis.
 */
export function testEnv(overrides: RawEnv = {}): RawEnv {
  return {
    ENVIRONMENT: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    EMBEDDED_DATA_DIR: 'memory://',
    REDIS_URL: process.env.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `t${process.pid}:`,
    P2P_ENABLED_ZONES: '',
    PROMETHEUS_PORT: '0',
    JWT_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    // Suites make hundreds of requests from one address (and share Redis counters across apps);
    // the rate-limit suites turn it on with their own limits.
    RATE_LIMIT_ENABLED: 'false',
    ...overrides,
  };
}

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);
export const usingRedis = (): boolean => Boolean(process.env.TEST_REDIS_URL);

/** Multi-node tests always need real servers; these are the machine's own unless the environment names others. */
export const CLUSTER_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/p2p_coordinator_test';
export const CLUSTER_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13';
