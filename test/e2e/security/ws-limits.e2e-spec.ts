import { createTestApp, TestApp } from '../../utils/create-test-app';
import { TestWsClient } from '../../utils/ws-client';

describe('WebSocket admission limits', () => {
  let app: TestApp;
  const clients: TestWsClient[] = [];

  // From a remote address: the test's own proxy (127.0.0.1, trusted) forwards for it.
  const connect = async (forwardedFor = '203.0.113.9'): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(app.wsUrl, '', undefined, { 'x-forwarded-for': forwardedFor });
    clients.push(client);
    return client;
  };

  const connectLoopback = async (): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(app.wsUrl);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await createTestApp({
      TRUSTED_PROXIES: '127.0.0.1',
      WS_MAX_CONNECTIONS_PER_IP: '2',
      WS_MAX_CONNECTIONS_LOOPBACK: '3',
      WS_MESSAGES_PER_SECOND: '5',
      WS_MESSAGE_BURST: '5',
      WS_BYTES_PER_SECOND: '2048',
      WS_BYTES_BURST: '4096',
      WS_ABUSE_LIMIT: '3',
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses connections beyond WS_MAX_CONNECTIONS_PER_IP with an error and 1008, and frees the slot on close', async () => {
    const first = await connect();
    await connect();
    const third = await connect();
    expect(await third.next('error')).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('WS_MAX_CONNECTIONS_PER_IP=2'),
    });
    expect((await third.closed).code).toBe(1008);
    // Another remote address has its own count.
    const other = await connect('203.0.113.10');
    other.send({ type: 'ping' });
    expect((await other.next('pong')).type).toBe('pong');
    await first.close();
    await first.closed;
    const again = await connect();
    again.send({ type: 'ping' });
    expect((await again.next('pong')).type).toBe('pong');
  });

  it('gives loopback addresses their own limit, named WS_MAX_CONNECTIONS_LOOPBACK in the refusal', async () => {
    const local = [await connectLoopback(), await connectLoopback(), await connectLoopback()];
    for (const client of local) {
      client.send({ type: 'ping' });
      expect((await client.next('pong')).type).toBe('pong');
    }
    const fourth = await connectLoopback();
    expect(await fourth.next('error')).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('WS_MAX_CONNECTIONS_LOOPBACK=3'),
    });
    expect((await fourth.closed).code).toBe(1008);
  });

  it('answers RATE_LIMITED past the message budget and closes an abuser with 1008', async () => {
    const client = await connect();
    for (let i = 0; i < 12; i++) {
      client.send({ type: 'ping' });
    }
    expect((await client.next('error')).code).toBe('RATE_LIMITED');
    expect((await client.closed).code).toBe(1008);
    expect(client.messages.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(5);
  });

  it('refuses messages past the byte budget', async () => {
    const client = await connect();
    const padding = 'x'.repeat(1500);
    for (let i = 0; i < 3; i++) {
      client.send({ type: 'ping', padding });
    }
    expect((await client.next('error')).code).toBe('RATE_LIMITED');
  });
});
