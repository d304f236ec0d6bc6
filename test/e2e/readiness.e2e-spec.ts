import { ShutdownState } from '../../src/health/shutdown-state';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually, getJson } from '../utils/rest';
import { TcpProxy } from '../utils/tcp-proxy';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL } from '../utils/test-env';

/**
 * Readiness against real PostgreSQL and Redis reached through proxies this test pauses, so the
 * shared servers keep running for the suites in parallel.
 */
describe('Health probes: /health/live and /health/ready', () => {
  let testApp: TestApp;
  const pg = new TcpProxy(new URL(CLUSTER_DATABASE_URL).hostname, Number(new URL(CLUSTER_DATABASE_URL).port || 5432));
  const redis = new TcpProxy(new URL(CLUSTER_REDIS_URL).hostname, Number(new URL(CLUSTER_REDIS_URL).port || 6379));

  const ready = () => getJson(testApp.url, '/health/ready');

  beforeAll(async () => {
    await Promise.all([pg.start(), redis.start()]);
    testApp = await createTestApp({
      DATABASE_URL: pg.rewrite(CLUSTER_DATABASE_URL),
      REDIS_URL: redis.rewrite(CLUSTER_REDIS_URL),
      NODE_ID: `ready-${process.pid}`,
    });
  });

  afterAll(async () => {
    pg.resume();
    redis.resume();
    await testApp.close();
    await Promise.all([pg.stop(), redis.stop()]);
  });

  it('should be live and ready with every check named', async () => {
    expect(await getJson(testApp.url, '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const response = await ready();
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.details).sort()).toEqual(['database', 'node', 'redis', 'registry']);
    expect(response.body.details.registry.node_id).toBe(`ready-${process.pid}`);
  });

  it('should turn unready while PostgreSQL is unreachable and ready again when it returns, staying live', async () => {
    pg.pause();
    await eventually(
      async () => {
        const response = await ready();
        expect(response.status).toBe(503);
        expect(response.body.error.database.status).toBe('down');
      },
      10_000,
      200,
    );
    expect((await getJson(testApp.url, '/health/live')).status).toBe(200);
    pg.resume();
    await eventually(async () => expect((await ready()).status).toBe(200), 15_000, 200);
  }, 30_000);

  it('should turn unready while Redis is unreachable and ready again when it returns', async () => {
    redis.pause();
    await eventually(
      async () => {
        const response = await ready();
        expect(response.status).toBe(503);
        expect(response.body.error.redis.status).toBe('down');
      },
      10_000,
      200,
    );
    expect((await getJson(testApp.url, '/health/live')).status).toBe(200);
    redis.resume();
    await eventually(async () => expect((await ready()).status).toBe(200), 20_000, 250);
  }, 40_000);

  it('should turn unready as soon as shutdown begins, while still live', async () => {
    testApp.app.get(ShutdownState).begin();
    const response = await ready();
    expect(response.status).toBe(503);
    expect(response.body.error.node).toMatchObject({ status: 'down', message: 'shutting down' });
    expect((await getJson(testApp.url, '/health/live')).status).toBe(200);
  });
});
