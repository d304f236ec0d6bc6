import { MetricsListener } from '../../src/metrics/metrics-listener.service';
import { SNAPSHOT_CACHE_MS } from '../../src/metrics/database-gauges';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';
import { eventually, getJson, postJson, sleep } from '../utils/rest';
import { sample, scrape } from '../utils/prometheus';
import { freePort } from '../utils/node-process';
import { TestWsClient } from '../utils/ws-client';

const capabilities = { webrtc: true, encryption: true, compression: false };

/** The registry is process-wide (as in production, one app per process), so tests compare deltas. */
describe('Prometheus metrics', () => {
  let testApp: TestApp;
  const clients: TestWsClient[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({ P2P_ENABLED_ZONES: 'prontera' });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should serve /metrics outside /api/v1 with process metrics and no credentials', async () => {
    const response = await fetch(`${testApp.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeDefined();
    expect((await fetch(`${testApp.url}/api/v1/metrics`)).status).toBe(404);
  });

  it('should count HTTP requests by route pattern and status, never by raw URL', async () => {
    const labels = { method: 'GET', route: '/api/v1/hosts/:host_id', status: '404' };
    const before = sample(await scrape(testApp.url), 'p2p_http_requests_total', labels) ?? 0;
    for (const id of ['ghost-1', 'ghost-2', 'ghost-3']) {
      expect((await getJson(testApp.url, `/api/v1/hosts/${id}`)).status).toBe(404);
    }
    const text = await scrape(testApp.url);
    expect(sample(text, 'p2p_http_requests_total', labels)).toBe(before + 3);
    expect(text).not.toContain('ghost-1');
    expect(
      sample(text, 'p2p_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/hosts/:host_id' }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('should track WebSocket connections and signaling after a DLL create_session with two peers and an offer', async () => {
    const before = await scrape(testApp.url);
    const count = (text: string, name: string, labels: Record<string, string> = {}) =>
      (sample(text, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

    const a = await TestWsClient.connect(testApp.wsUrl);
    const b = await TestWsClient.connect(testApp.wsUrl);
    clients.push(a, b);
    a.send({ type: 'create_session', peer_id: '610001', zone: 'prontera', capabilities });
    await a.next('session_created');
    b.send({ type: 'create_session', peer_id: '610002', zone: 'prontera', capabilities });
    await b.next('session_created');
    b.send({ type: 'offer', to: '610001', sdp: 'v=0' });
    await a.next('offer');
    b.send({ type: 'offer', to: 'nobody-here', sdp: 'v=0' });
    await b.next('error');

    const during = await scrape(testApp.url);
    expect(count(during, 'p2p_ws_connections')).toBe(2);
    expect(count(during, 'p2p_ws_connects_total', { dialect: 'dll' })).toBe(2);
    expect(count(during, 'p2p_signaling_messages_received_total', { type: 'create_session' })).toBe(2);
    expect(count(during, 'p2p_signaling_messages_received_total', { type: 'offer' })).toBe(2);
    expect(count(during, 'p2p_signaling_messages_delivered_total', { type: 'offer' })).toBe(1);
    expect(count(during, 'p2p_signaling_delivery_failures_total', { reason: 'not_in_same_session' })).toBe(1);
    expect(count(during, 'p2p_signaling_delivery_duration_seconds_count', { route: 'local' })).toBe(1);

    await Promise.all(clients.splice(0).map((client) => client.close()));
    await eventually(async () => {
      const after = await scrape(testApp.url);
      expect(count(after, 'p2p_ws_connections')).toBe(0);
      expect(count(after, 'p2p_ws_disconnects_total', { dialect: 'dll', code: '1000' })).toBe(2);
    });
  });

  it('should pre-create every frame reject reason and the database and Redis error counters', async () => {
    const text = await scrape(testApp.url);
    for (const reason of ['bad_magic', 'bad_mac', 'replay', 'implausible_move']) {
      expect(sample(text, 'p2p_frames_rejected_total', { reason })).toBeDefined();
    }
    expect(sample(text, 'p2p_database_errors_total', { kind: 'unavailable' })).toBeDefined();
    expect(sample(text, 'p2p_redis_errors_total')).toBeDefined();
    expect(text).toContain('# TYPE p2p_proximity_tick_duration_seconds histogram');
    expect(text).toContain('# TYPE p2p_proximity_peer_list_size histogram');
  });

  it('should expose the reference gauges and database gauges after creating hosts and sessions', async () => {
    await resetDatabase(testApp);
    const zone = makeZoneBody({ zone_id: 'metrics-zone' });
    expect((await postJson(testApp.url, '/api/v1/zones/', zone)).status).toBe(201);
    const hosts = [makeHostBody(), makeHostBody(), makeHostBody()];
    for (const host of hosts) {
      expect((await postJson(testApp.url, '/api/v1/hosts/register', host)).status).toBe(201);
    }
    const session = await postJson(testApp.url, '/api/v1/sessions/', {
      host_id: hosts[0].host_id,
      zone_id: 'metrics-zone',
      player_ids: ['p1', 'p2'],
    });
    expect(session.status).toBe(201);
    // Past the scrape cache, so the next scrape reads the database again.
    await sleep(SNAPSHOT_CACHE_MS + 100);

    const text = await scrape(testApp.url);
    const reference = (await (await fetch(`${testApp.url}/api/v1/monitoring/metrics`)).text()).trim();
    expect(sample(text, 'p2p_hosts_total')).toBe(3);
    expect(sample(text, 'p2p_hosts_online')).toBe(3);
    expect(sample(text, 'p2p_zones_total')).toBe(1);
    expect(sample(text, 'p2p_sessions_total')).toBe(1);
    expect(sample(text, 'p2p_coordinator_up')).toBe(1);
    for (const name of [
      'p2p_hosts_total',
      'p2p_hosts_online',
      'p2p_host_quality_score_avg',
      'p2p_zones_total',
      'p2p_zones_enabled',
      'p2p_sessions_total',
      'p2p_sessions_active',
      'p2p_players_total',
      'p2p_session_latency_ms_avg',
      'p2p_coordinator_up',
    ]) {
      expect(sample(text, name)).toBe(sample(reference, name));
    }
    expect(sample(text, 'p2p_hosts', { status: 'online' })).toBe(3);
    expect(sample(text, 'p2p_hosts', { status: 'offline' })).toBe(0);
    // Created with its players, the session is active (a session with players is never pending).
    expect(sample(text, 'p2p_sessions', { status: 'active', zone: 'metrics-zone' })).toBe(1);
    expect(sample(text, 'p2p_sessions_active')).toBe(1);
    expect(sample(text, 'p2p_zone_players', { zone: 'metrics-zone' })).toBe(2);
    expect(sample(text, 'p2p_host_quality_score_count')).toBe(3);
    expect(sample(text, 'p2p_host_quality_score_bucket', { le: '+Inf' })).toBe(3);
  }, 20_000);

  it('should open no separate listener with PROMETHEUS_PORT=0, and keep /metrics on the main port', async () => {
    expect(testApp.config.metrics.port).toBe(0);
    expect(await testApp.app.get(MetricsListener).start()).toBeUndefined();
    expect(sample(await scrape(testApp.url), 'p2p_coordinator_up')).toBe(1);
  });
});

describe('The separate metrics listener', () => {
  it('should serve the same text on PROMETHEUS_PORT', async () => {
    const port = await freePort();
    const testApp = await createTestApp({ PROMETHEUS_PORT: String(port) });
    try {
      const listener = testApp.app.get(MetricsListener);
      expect(await listener.start()).toBe(port);
      const text = await scrape(`http://127.0.0.1:${port}`);
      expect(sample(text, 'p2p_coordinator_up')).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      await listener.onApplicationShutdown();
    } finally {
      await testApp.close();
    }
  });

  it('should name PROMETHEUS_PORT when its port is taken (two nodes on one host)', async () => {
    const port = await freePort();
    const first = await createTestApp({ PROMETHEUS_PORT: String(port) });
    const second = await createTestApp({ PROMETHEUS_PORT: String(port) });
    try {
      expect(await first.app.get(MetricsListener).start()).toBe(port);
      await expect(second.app.get(MetricsListener).start()).rejects.toThrow(
        `Port ${port} (PROMETHEUS_PORT) on 127.0.0.1 is already in use, perhaps by another coordinator node on this host: ` +
          'set PROMETHEUS_PORT to a free port, or 0 to serve /metrics on the main port only',
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe('Prometheus metrics disabled', () => {
  it('should answer 404 on /metrics and on the reference route, and open no listener', async () => {
    const testApp = await createTestApp({ PROMETHEUS_ENABLED: 'false' });
    try {
      expect((await fetch(`${testApp.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${testApp.url}/api/v1/monitoring/metrics`)).status).toBe(404);
      expect(await testApp.app.get(MetricsListener).start()).toBeUndefined();
    } finally {
      await testApp.close();
    }
  });
});
