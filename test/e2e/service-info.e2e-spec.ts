import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';
import { request } from '../utils/tokens';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL, usingPostgres, usingRedis } from '../utils/test-env';

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
        mode: `${usingPostgres() ? 'postgres' : 'embedded'}${usingRedis() ? '+redis' : usingPostgres() ? '+in-process' : ''}`,
      });
      expect(response.body.enabled_zones).toEqual(expect.arrayContaining(['prontera', 'geffen']));
    });

    it('should list the zones P2P-enabled now, as admins change them, not P2P_ENABLED_ZONES', async () => {
      const zones = async (): Promise<string[]> => (await getJson(testApp.url, '/')).body.enabled_zones;
      expect((await request(testApp.url, 'PATCH', '/api/v1/zones/geffen', {}, { p2p_enabled: false })).status).toBe(
        200,
      );
      expect(await zones()).toContain('prontera');
      expect(await zones()).not.toContain('geffen');
      const maintenance = await request(
        testApp.url,
        'PATCH',
        '/api/v1/zones/prontera/status',
        {},
        { status: 'maintenance' },
      );
      expect(maintenance.status).toBe(200);
      expect(await zones()).not.toContain('prontera');
      await request(testApp.url, 'PATCH', '/api/v1/zones/prontera/status', {}, { status: 'enabled' });
      expect((await request(testApp.url, 'PATCH', '/api/v1/zones/geffen', {}, { p2p_enabled: true })).status).toBe(200);
      expect(await zones()).toEqual(expect.arrayContaining(['prontera', 'geffen']));
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

  // Real servers always (the machine's own unless the environment names others), whatever the run's backends.
  describe('on PostgreSQL and Redis, and fully embedded', () => {
    it('should report the mode each is configured with', async () => {
      const clustered = await createTestApp({ DATABASE_URL: CLUSTER_DATABASE_URL, REDIS_URL: CLUSTER_REDIS_URL });
      try {
        expect((await getJson(clustered.url, '/')).body.mode).toBe('postgres+redis');
      } finally {
        await clustered.close();
      }
      const embedded = await createTestApp({ DATABASE_URL: '', REDIS_URL: '' });
      try {
        expect((await getJson(embedded.url, '/')).body.mode).toBe('embedded');
      } finally {
        await embedded.close();
      }
    });
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
