import WebSocket from 'ws';
import { createTestApp, resetDatabase, TestApp } from '../../utils/create-test-app';
import { eventually } from '../../utils/rest';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL } from '../../utils/test-env';
import { mintToken } from '../../utils/tokens';
import { TestWsClient } from '../../utils/ws-client';

const HOME = '203.0.113.7';
const ELSEWHERE = '198.51.100.9';

/**
 * A live peer id is never handed to someone else: a second connection replaces the live one only
 * when it proves the same identity (same token subject with JWT on; with both guards off, the same
 * client address, which keeps the DLL's own reconnect working). Addresses come through a trusted
 * proxy's X-Forwarded-For so one machine can play several.
 */
describe('Peer id takeover', () => {
  const clients: TestWsClient[] = [];
  const open = async (
    app: TestApp,
    address: string,
    options: { query?: string; token?: string } = {},
  ): Promise<TestWsClient> => {
    const headers: Record<string, string> = { 'x-forwarded-for': address };
    if (options.token) {
      headers.authorization = `Bearer ${options.token}`;
    }
    const client = new TestWsClient(
      new WebSocket(`${app.wsUrl}/api/v1/signaling/ws${options.query ?? ''}`, { headers }),
    );
    await client.opened;
    clients.push(client);
    return client;
  };
  const join = async (app: TestApp, peerId: string, address: string, token?: string): Promise<TestWsClient> => {
    const client = await open(app, address, { token });
    client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera' });
    await client.next('session_created');
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  describe('one node, both guards off (trusted LAN)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({
        TRUSTED_PROXIES: '127.0.0.1',
        P2P_ENABLED_ZONES: 'prontera',
        WS_IDENTIFY_GRACE_MS: '500',
      });
    });
    afterAll(() => app.close());

    it('should refuse a claim of a live peer id from another address and leave the live connection untouched', async () => {
      const alice = await join(app, 'alice', HOME);
      const bob = await join(app, 'bob', HOME);
      await alice.next('peer_joined');
      const thief = await open(app, ELSEWHERE);
      thief.send({ type: 'create_session', peer_id: 'alice', zone: 'prontera' });
      expect((await thief.next('error')).code).toBe('PEER_ID_IN_USE');
      expect((await thief.closed).code).toBe(1008);
      // Alice still holds her id: she is in the session, hears bob, and nobody was told she left.
      bob.send({ type: 'offer', to: 'alice', sdp: 'v=0' });
      expect(await alice.next('offer')).toMatchObject({ from: 'bob' });
      await bob.expectNothing('peer_left');
      expect(alice.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('should refuse the reference dialect query form the same way', async () => {
      const alice = await join(app, 'alice', HOME);
      const thief = await open(app, ELSEWHERE, { query: '?peer_id=alice' });
      expect((await thief.next('error')).code).toBe('PEER_ID_IN_USE');
      expect((await thief.closed).code).toBe(1008);
      expect(alice.ws.readyState).toBe(WebSocket.OPEN);
    });

    it("should let the DLL's own reconnect from the same address replace its connection", async () => {
      const first = await join(app, 'alice', HOME);
      const again = await join(app, 'alice', HOME);
      expect((await first.closed).code).toBe(4001);
      expect(again.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('should give the peer id to another address once the live connection is gone', async () => {
      const first = await join(app, 'alice', HOME);
      await first.close();
      // The old connection's leave runs in the background; the id is free once it has.
      await eventually(async () => {
        const moved = await open(app, ELSEWHERE);
        moved.send({ type: 'create_session', peer_id: 'alice', zone: 'prontera' });
        expect((await moved.next((m) => m.type === 'session_created' || m.type === 'error')).type).toBe(
          'session_created',
        );
      });
    });
  });

  describe('one node, JWT on', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({
        JWT_VALIDATION_ENABLED: 'true',
        TRUSTED_PROXIES: '127.0.0.1',
        P2P_ENABLED_ZONES: 'prontera',
        WS_IDENTIFY_GRACE_MS: '500',
      });
    });
    afterAll(() => app.close());

    it("should replace a live connection for the token's own subject, from any address", async () => {
      const first = await join(app, 'alice', HOME, mintToken('alice'));
      const moved = await join(app, 'alice', ELSEWHERE, mintToken('alice'));
      expect((await first.closed).code).toBe(4001);
      expect(moved.ws.readyState).toBe(WebSocket.OPEN);
    });

    it("should refuse another subject's claim, and close the socket when its identify grace ends", async () => {
      const alice = await join(app, 'alice', HOME, mintToken('alice'));
      const thief = await open(app, HOME, { query: '?peer_id=alice', token: mintToken('bob') });
      expect((await thief.next('error')).code).toBe('PEER_ID_MISMATCH');
      // Refused but not closed by the refusal itself: the identify timer ends it.
      expect((await thief.closed).code).toBe(4000);
      expect(alice.ws.readyState).toBe(WebSocket.OPEN);
    });
  });

  describe('two nodes, both guards off', () => {
    let nodeA: TestApp;
    let nodeB: TestApp;
    beforeAll(async () => {
      const shared = {
        DATABASE_URL: CLUSTER_DATABASE_URL,
        REDIS_URL: CLUSTER_REDIS_URL,
        REDIS_KEY_PREFIX: `takeover${process.pid}:`,
        TRUSTED_PROXIES: '127.0.0.1',
        P2P_ENABLED_ZONES: 'prontera',
      };
      nodeA = await createTestApp({ ...shared, NODE_ID: 'takeover-a' });
      nodeB = await createTestApp({ ...shared, NODE_ID: 'takeover-b' });
      await resetDatabase(nodeA);
      await nodeA.db.query(
        `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera')`,
      );
    });
    afterAll(async () => {
      await nodeA?.close();
      await nodeB?.close();
    });

    it('should refuse a claim on another node from another address, and let the same address move there', async () => {
      const alice = await join(nodeA, 'alice', HOME);
      const thief = await open(nodeB, ELSEWHERE);
      thief.send({ type: 'create_session', peer_id: 'alice', zone: 'prontera' });
      expect((await thief.next('error')).code).toBe('PEER_ID_IN_USE');
      expect(alice.ws.readyState).toBe(WebSocket.OPEN);
      const moved = await join(nodeB, 'alice', HOME);
      expect((await alice.closed).code).toBe(4001);
      expect(moved.ws.readyState).toBe(WebSocket.OPEN);
    });
  });
});
