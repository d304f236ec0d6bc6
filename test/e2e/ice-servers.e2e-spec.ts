import { createHmac } from 'node:crypto';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';
import { TestWsClient } from '../utils/ws-client';

const SECRET = 'turn-shared-secret-for-tests';

describe('ICE servers', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      STUN_SERVERS: 'stun:stun.example.org:3478',
      TURN_SERVERS: 'turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp',
      TURN_SECRET: SECRET,
      TURN_CREDENTIAL_TTL_SECONDS: '600',
      P2P_ENABLED_ZONES: 'prontera',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should mint TURN REST credentials coturn can verify', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await getJson(testApp.url, '/api/v1/ice-servers?peer_id=150001');
    expect(response.status).toBe(200);
    expect(response.body.ttl).toBe(600);
    const [stun, turn] = response.body.ice_servers;
    expect(stun).toEqual({ urls: ['stun:stun.example.org:3478'] });
    expect(turn.urls).toEqual(['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp']);
    const [expiry, peer] = (turn.username as string).split(':');
    expect(peer).toBe('150001');
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(turn.credential).toBe(createHmac('sha1', SECRET).update(turn.username).digest('base64'));
  });

  it('should refuse a malformed peer id', async () => {
    const response = await getJson(testApp.url, '/api/v1/ice-servers?peer_id=bad%20id');
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('should include the servers in the join reply', async () => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    client.send({ type: 'create_session', peer_id: '150002', zone: 'prontera', capabilities: {} });
    const created = await client.next('session_created');
    const servers = created.ice_servers as { urls: string[]; username?: string }[];
    expect(servers[1].username).toMatch(/^\d+:150002$/);
    await client.close();
  });
});
