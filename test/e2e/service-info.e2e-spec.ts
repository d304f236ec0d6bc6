import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';
import { CLUSTER_DATABASE_URL, usingRedis } from '../utils/test-env';

describe('Service info and /health', () => {
  describe('with every dependency up', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({
        P2P_ENABLED_ZONES: 'prontera,geffen',
        SERVICE_NAME: 'p2p-coordinator',
        SERVICE_VERSION: '1.2.3',
      });
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('should describe the service at /', async () => {
      const response = await getJson(testApp.url, '/');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        service: 'p2p-coordinator',
        version: '1.2.3',
        status: 'running',
        p2p_enabled: true,
        enabled_zones: ['prontera', 'geffen'],
      });
    });

    it.each(['/health', '/api/v1/health', '/health/', '/api/v1/health/'])(
      'should answer %s in the seed guide shape',
      async (path) => {
        const response = await getJson(testApp.url, path);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          status: 'healthy',
          database: 'connected',
          redis: usingRedis() ? 'connected' : 'embedded',
          service: 'p2p-coordinator',
          version: '1.2.3',
        });
      },
    );
  });

  // A fault of a real server: always PostgreSQL (the embedded database cannot go away on its own).
  describe('with PostgreSQL gone', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({ DATABASE_URL: CLUSTER_DATABASE_URL });
    });

    afterAll(async () => {
      await testApp.close().catch(() => undefined);
    });

    it('should answer 503 with a stable code and no internals', async () => {
      await testApp.app.get(DataSource).destroy();
      const response = await getJson(testApp.url, '/health');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 'unhealthy', database: 'disconnected' });
      const hosts = await getJson(testApp.url, '/api/v1/hosts/');
      expect(hosts.status).toBe(503);
      expect(hosts.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(JSON.stringify(hosts.body)).not.toMatch(/at .*\.ts|SELECT|stack/i);
    });
  });

  describe('with Redis configured but unreachable', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1/0' });
    });

    afterAll(async () => {
      await testApp?.close();
    });

    it('should report redis disconnected with 503', async () => {
      const response = await getJson(testApp.url, '/health');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 'unhealthy', database: 'connected', redis: 'disconnected' });
    });
  });
});
