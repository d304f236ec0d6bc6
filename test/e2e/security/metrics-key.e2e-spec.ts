import { MetricsListener } from '../../../src/metrics/metrics-listener.service';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { freePort } from '../../utils/node-process';
import { request, TEST_API_KEY } from '../../utils/tokens';

const SCRAPE_KEY = 'scrape-key-0123456789abcdef0123456789';

describe('METRICS_API_KEY', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({
      METRICS_API_KEY: SCRAPE_KEY,
      PROMETHEUS_PORT: String(await freePort()),
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('guards /metrics on the main port: Bearer or key header with the scrape key; the admin key is not it', async () => {
    const none = await request(app.url, 'GET', '/metrics');
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect((await request(app.url, 'GET', '/metrics', { 'x-api-key': TEST_API_KEY })).status).toBe(401);
    const bearer = await request(app.url, 'GET', '/metrics', { authorization: `Bearer ${SCRAPE_KEY}` });
    expect(bearer.status).toBe(200);
    expect(String(bearer.body)).toContain('p2p_');
    expect((await request(app.url, 'GET', '/metrics', { 'x-api-key': SCRAPE_KEY })).status).toBe(200);
  });

  it('guards the separate PROMETHEUS_PORT listener the same way', async () => {
    const port = await app.app.get(MetricsListener).start();
    const url = `http://127.0.0.1:${port}`;
    expect((await request(url, 'GET', '/metrics')).status).toBe(401);
    expect((await request(url, 'GET', '/metrics', { authorization: `Bearer ${SCRAPE_KEY}` })).status).toBe(200);
  });

  it('leaves health probes open', async () => {
    expect((await request(app.url, 'GET', '/health')).status).toBe(200);
  });
});
