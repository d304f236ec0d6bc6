import { NodeRegistryStore } from '../../src/state/node-registry.store';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually, getJson } from '../utils/rest';
import { buildDist, freePort, NodeProcess } from '../utils/node-process';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL } from '../utils/test-env';
import { TestWsClient } from '../utils/ws-client';

const capabilities = { webrtc: true, encryption: true, compression: false };
const SECRET_TOKEN = 'query-token-that-must-not-be-logged';
const SECRET_BEARER = 'bearer-secret-that-must-not-be-logged';

/**
 * The built app as a real process: SIGTERM drains it (1001 to its peers, leaves recorded, registry
 * entry removed) and it exits 0; its peers reconnect to a second node and signal again there.
 */
describe('Graceful shutdown of a node with connected peers', () => {
  const prefix = `drain${process.pid}:`;
  const nodeA = `drain-a-${process.pid}`;
  let node: NodeProcess;
  let second: TestApp;
  let url: string;
  const clients: TestWsClient[] = [];

  const dllJoin = async (baseUrl: string, peerId: string): Promise<{ client: TestWsClient; sessionId: string }> => {
    const client = await TestWsClient.connect(baseUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera', capabilities });
    const created = await client.next('session_created');
    return { client, sessionId: created.session_id as string };
  };

  beforeAll(async () => {
    buildDist();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    node = new NodeProcess({
      PORT: String(port),
      HOST: '127.0.0.1',
      PROMETHEUS_PORT: '0',
      NODE_ID: nodeA,
      DATABASE_URL: CLUSTER_DATABASE_URL,
      REDIS_URL: CLUSTER_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      P2P_ENABLED_ZONES: 'prontera',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      RATE_LIMIT_ENABLED: 'false',
      SHUTDOWN_TIMEOUT_SECONDS: '10',
      WS_ABUSE_LIMIT: '1',
    });
    second = await createTestApp({
      DATABASE_URL: CLUSTER_DATABASE_URL,
      REDIS_URL: CLUSTER_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      P2P_ENABLED_ZONES: 'prontera',
    });
    await eventually(async () => expect((await getJson(url, '/health/ready')).status).toBe(200), 30_000, 250);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await node.stop();
    await second.close();
  });

  it('should close its sockets with 1001, exit 0, deregister, and let the peers reconnect to another node', async () => {
    const a = await dllJoin(url.replace('http', 'ws'), '720001');
    const b = await dllJoin(url.replace('http', 'ws'), '720002');
    expect(b.sessionId).toBe(a.sessionId);
    await fetch(`${url}/api/v1/zones/?token=${SECRET_TOKEN}`, {
      headers: { authorization: `Bearer ${SECRET_BEARER}` },
    });
    const abusive = await TestWsClient.connect(url.replace('http', 'ws'), `?token=${SECRET_TOKEN}`);
    clients.push(abusive);
    for (let i = 0; i < 3; i += 1) {
      abusive.send('not json');
    }
    expect(await abusive.closed).toMatchObject({ code: 1008 });
    const registry = second.app.get(NodeRegistryStore);
    expect((await registry.list()).map((entry) => entry.nodeId)).toContain(nodeA);

    node.signal('SIGTERM');
    expect(await a.client.closed).toMatchObject({ code: 1001 });
    expect(await b.client.closed).toMatchObject({ code: 1001 });
    expect(await node.exited).toEqual({ code: 0, signal: null });
    expect(await registry.get(nodeA)).toBeNull();

    const messages = node.lines.map((line) => String(line.msg));
    expect(messages.some((msg) => msg.startsWith('SIGTERM received'))).toBe(true);
    expect(messages).toContain('Shutdown complete');
    expect(node.text).not.toContain(SECRET_TOKEN);
    expect(node.text).not.toContain(SECRET_BEARER);
    // The inbound pipeline's own `new Logger(...)` line carries the connection id through the async context.
    const abuseLine = node.lines.find((line) => String(line.msg).includes('too many rejected messages'));
    expect(abuseLine).toMatchObject({
      context: 'InboundPipeline',
      conn_id: expect.stringMatching(new RegExp(`^${nodeA}/\\d+$`)),
    });
    const request = node.lines.find((line) =>
      String((line.req as { url?: string } | undefined)?.url).startsWith('/api/v1/zones'),
    );
    expect(request).toMatchObject({
      correlation_id: expect.any(String),
      req: { url: '/api/v1/zones/?token=[redacted]' },
    });

    const againA = await dllJoin(second.wsUrl, '720001');
    const againB = await dllJoin(second.wsUrl, '720002');
    expect(againB.sessionId).toBe(againA.sessionId);
    againB.client.send({ type: 'offer', to: '720001', sdp: 'v=0' });
    expect(await againA.client.next('offer')).toMatchObject({ from: '720002', sdp: 'v=0' });
  }, 60_000);
});
