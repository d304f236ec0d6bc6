import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, freePort, NodeProcess } from '../utils/node-process';
import { eventually, getJson, postJson } from '../utils/rest';
import { TestWsClient } from '../utils/ws-client';

/**
 * The seed P2P-DLL integration guide, followed literally: the same requests, bodies and WebSocket
 * messages, against the coordinator as `npm start` runs it (the built entry point, embedded
 * defaults, nothing configured but the port and where the embedded data lives).
 */
describe('The P2P-DLL integration guide, step by step', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p2p-guide-'));
  let node: NodeProcess;
  let url: string;
  let wsUrl: string;
  const clients: TestWsClient[] = [];

  beforeAll(async () => {
    buildDist();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    wsUrl = `ws://127.0.0.1:${port}`;
    node = new NodeProcess({ PORT: String(port), EMBEDDED_DATA_DIR: join(dir, 'data') });
    await eventually(async () => expect((await getJson(url, '/health')).status).toBe(200), 60_000, 250);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('1.3: /health and / answer as the guide shows', async () => {
    const health = await getJson(url, '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'healthy' });
    expect(JSON.stringify(health.body)).toContain('connected');

    const root = await getJson(url, '/');
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({
      service: 'p2p-coordinator',
      version: '1.0.0',
      status: 'running',
      p2p_enabled: true,
    });
    // The same zones; their order is not part of the answer.
    expect([...root.body.enabled_zones].sort()).toEqual(['geffen', 'payon', 'prontera']);
  });

  it('3.1: POST /api/v1/auth/token answers a Bearer token for an hour', async () => {
    const res = await postJson(url, '/api/v1/auth/token', { player_id: 'test_player_123', user_id: 'test_user_456' });
    expect(res.status).toBeLessThan(300);
    expect(res.body).toMatchObject({
      access_token: expect.stringMatching(/^eyJ/),
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('3.2: POST /api/v1/hosts/register takes the exact body', async () => {
    const res = await postJson(url, '/api/v1/hosts/register', {
      host_id: 'test_host_001',
      player_id: 'test_player_123',
      player_name: 'TestPlayer',
      ip_address: '192.168.1.100',
      port: 7777,
      cpu_cores: 8,
      cpu_frequency_mhz: 3600,
      memory_mb: 16384,
      network_speed_mbps: 1000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ host_id: 'test_host_001', player_id: 'test_player_123', status: 'online' });
  });

  it('3.3: joining test_session_001 answers session-joined', async () => {
    const client = await TestWsClient.connect(wsUrl, '?peer_id=test_peer_001');
    clients.push(client);
    client.send({ type: 'join', session_id: 'test_session_001' });
    const joined = await client.next((m) => m.type === 'session-joined' || m.type === 'error');
    expect(joined).toMatchObject({ type: 'session-joined', session_id: 'test_session_001', peers: [] });

    // The session exists now, with its player, as active; and it is host-less: the host of 3.2,
    // which has sent no heartbeat, is handed nobody.
    const session = await getJson(url, '/api/v1/sessions/test_session_001');
    expect(session.body).toMatchObject({
      session_id: 'test_session_001',
      zone_id: 'prontera',
      status: 'active',
      host_id: null,
      connected_players: ['test_peer_001'],
    });
    const overview = await getJson(url, '/api/v1/monitoring/dashboard');
    expect(overview.body.sessions).toMatchObject({ active: 1, total_players: 1 });

    // A second peer following the same snippet meets the first.
    const second = await TestWsClient.connect(wsUrl, '?peer_id=test_peer_002');
    clients.push(second);
    second.send({ type: 'join', session_id: 'test_session_001' });
    expect(await second.next('session-joined')).toMatchObject({ peers: ['test_peer_001'] });
    expect(await client.next('peer-joined')).toMatchObject({ peer_id: 'test_peer_002' });
  });

  it('3.2 again: the registered host gets no players while it sends no heartbeat', async () => {
    const dll = await TestWsClient.connect(wsUrl);
    clients.push(dll);
    dll.send({ type: 'create_session', peer_id: 'dll_peer_001', zone: 'prontera' });
    const created = await dll.next((m) => m.type === 'session_created' || m.type === 'error');
    expect(created.type).toBe('session_created');
    expect(created.host_id).toBeUndefined();
    expect((await getJson(url, '/api/v1/hosts/test_host_001')).body).toMatchObject({ current_players: 0 });
  });
});
