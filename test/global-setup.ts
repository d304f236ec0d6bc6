import { Client } from 'pg';
import Redis from 'ioredis';
import { buildDist } from './utils/node-process';
import { CLUSTER_DATABASE_URL } from './utils/test-env';

/**
 * Verifies the servers the test environment names before any e2e file runs. A named server that is
 * unreachable fails the run: CI must never pass by silently skipping the real-database tests.
 */
async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    }
  } catch (error) {
    throw new Error(`PostgreSQL is needed for the multi-node tests and is unreachable: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup(): Promise<void> {
  // Suites that run the coordinator as a real process need dist/; build it once, before any of them.
  buildDist();
  await ensureDatabaseExists(CLUSTER_DATABASE_URL);
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (databaseUrl) {
    const name = new URL(databaseUrl).pathname.slice(1);
    if (!name.includes('test')) {
      throw new Error(`Refusing to run e2e tests against database "${name}": its name must contain "test"`);
    }
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    } catch (error) {
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL is unreachable: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const redisUrl = process.env.TEST_REDIS_URL;
  if (redisUrl) {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
    try {
      await redis.connect();
      await redis.flushdb();
    } catch (error) {
      throw new Error(`TEST_REDIS_URL is set but Redis is unreachable: ${(error as Error).message}`);
    } finally {
      redis.disconnect();
    }
  }
}
