import { createTestApp, TestApp } from '../utils/create-test-app';
import { TestWsClient } from '../utils/ws-client';

describe('Signaling with ENABLE_P2P=false', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ ENABLE_P2P: 'false', P2P_ENABLED_ZONES: 'prontera' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should refuse create_session with an error message and keep the socket open', async () => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    client.send({ type: 'create_session', peer_id: '200001', zone: 'prontera', capabilities: { webrtc: true } });
    expect(await client.next('error')).toMatchObject({ code: 'P2P_DISABLED' });
    client.send({ type: 'ping' });
    expect((await client.next('pong')).type).toBe('pong');
    await client.close();
  });
});
