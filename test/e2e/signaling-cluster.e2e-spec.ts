import { encodeFrame, encodePosition } from '../../src/protocol/frame-codec';
import { FrameFlag, PacketType } from '../../src/protocol/frame';
import { decodeRelayedFrame } from '../../src/protocol/relay';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { eventually, getJson } from '../utils/rest';
import { redisClusterSeeds } from '../utils/redis-cluster';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL } from '../utils/test-env';
import { TestWsClient } from '../utils/ws-client';

/**
 * Two coordinator nodes in one run sharing Redis and PostgreSQL. These are inherently multi-node
 * tests, so they always use the servers on localhost (or those the test environment names) — the
 * embedded defaults are single-node by design. An unreachable server fails the test.
 *
 * Run twice: on one Redis, and on a three-master Redis Cluster (TEST_REDIS_CLUSTER_NODES, or the
 * local one scripts/redis-cluster.sh starts), where node inboxes are sharded pub/sub channels.
 */
const DATABASE_URL = CLUSTER_DATABASE_URL;
const capabilities = { webrtc: true, encryption: false, compression: false };
const REDIS_BACKENDS: [string, () => Record<string, string | undefined>][] = [
  ['one Redis', () => ({ REDIS_URL: CLUSTER_REDIS_URL })],
  ['a Redis Cluster', () => ({ REDIS_URL: undefined, REDIS_CLUSTER_NODES: redisClusterSeeds() })],
];

describe.each(REDIS_BACKENDS)('Signaling across two nodes on %s', (backend, redisEnv) => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  const clients: TestWsClient[] = [];

  const connect = async (node: TestApp, query = ''): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(node.wsUrl, query);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const shared = {
      ...redisEnv(),
      DATABASE_URL,
      REDIS_KEY_PREFIX: `cluster${process.pid}${backend === 'one Redis' ? '' : 'c'}:`,
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '50',
      // A stopped node's peers leave at once here; reconnect-grace.e2e-spec.ts covers them resuming.
      RECONNECT_GRACE_SECONDS: '0',
    };
    nodeA = await createTestApp({ ...shared, NODE_ID: 'node-a' });
    nodeB = await createTestApp({ ...shared, NODE_ID: 'node-b' });
    await resetDatabase(nodeA);
    await nodeA.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera'), ('geffen','geffen','Geffen','geffen')`,
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await nodeA?.close();
    await nodeB?.close().catch(() => undefined);
  });

  it('should compute proximity across nodes and relay frames between them', async () => {
    const a = await connect(nodeA);
    a.send({ type: 'create_session', peer_id: 'near-a', zone: 'geffen', capabilities });
    await a.next('session_created');
    const b = await connect(nodeB);
    b.send({ type: 'create_session', peer_id: 'near-b', zone: 'geffen', capabilities });
    await b.next('session_created');
    a.ws.send(
      encodeFrame({
        type: PacketType.POSITION_UPDATE,
        flags: 0,
        payload: encodePosition({ x: 40, y: 40, direction: 0, walkSpeedMs: 150, clientTimeMs: 0 }),
      }),
    );
    b.ws.send(
      encodeFrame({
        type: PacketType.POSITION_UPDATE,
        flags: 0,
        payload: encodePosition({ x: 44, y: 41, direction: 0, walkSpeedMs: 150, clientTimeMs: 0 }),
      }),
    );
    expect(await a.next((m) => m.type === 'peer_list' && JSON.stringify(m.added).includes('near-b'))).toMatchObject({
      zone: 'geffen',
    });
    expect(await b.next((m) => m.type === 'peer_list' && JSON.stringify(m.added).includes('near-a'))).toMatchObject({
      zone: 'geffen',
    });
    a.ws.send(encodeFrame({ type: PacketType.VISUAL_EFFECT, flags: FrameFlag.RELAY, payload: Buffer.from('fx') }));
    const relayed = decodeRelayedFrame(await b.nextBinary());
    expect(relayed.ok && relayed.frame.senderPeerId).toBe('near-a');
    await a.close();
    await b.close();
  });

  it('should join one session from both nodes, relay offer/answer/ICE (a burst in order), and announce the stopped node', async () => {
    const a = await connect(nodeA);
    a.send({ type: 'create_session', peer_id: 'alice', zone: 'prontera', capabilities });
    const created = await a.next('session_created');

    const b = await connect(nodeB, '?peer_id=bob');
    b.send({ type: 'join', session_id: created.session_id });
    expect(await b.next('session-joined')).toMatchObject({
      type: 'session-joined',
      session_id: created.session_id,
      peers: ['alice'],
    });
    expect(await a.next('peer_joined')).toEqual({ type: 'peer_joined', peer_id: 'bob' });

    a.send({ type: 'offer', to: 'bob', sdp: 'v=0 offer' });
    expect(await b.next('offer')).toMatchObject({ from: 'alice', sdp: 'v=0 offer' });
    b.send({ type: 'answer', to: 'alice', sdp: 'v=0 answer' });
    expect(await a.next('answer')).toMatchObject({ from: 'bob', sdp: 'v=0 answer' });
    b.send({ type: 'ice-candidate', to: 'alice', candidate: 'candidate:2' });
    expect(await a.next('ice_candidate')).toMatchObject({ from: 'bob', candidate: 'candidate:2' });
    a.send({ type: 'ice_candidate', to: 'bob', candidate: 'candidate:1' });
    expect(await b.next('ice-candidate')).toMatchObject({ from: 'alice', candidate: 'candidate:1' });

    // A burst the sender does not wait on (within its message budget): every signal arrives, in send
    // order, its body intact.
    const burst = Array.from({ length: 40 }, (_, i) => ({
      candidate: `candidate:${i} "q" \\ \u00e9 \u2028`,
      sdpMid: '0',
      sdpMLineIndex: i,
    }));
    for (const candidate of burst) {
      a.send({ type: 'ice_candidate', to: 'bob', candidate });
    }
    for (const candidate of burst) {
      expect(await b.next('ice-candidate')).toEqual({
        type: 'ice-candidate',
        from: 'alice',
        candidate,
        timestamp: expect.any(String),
      });
    }

    const stats = await getJson(nodeA.url, '/api/v1/signaling/stats');
    expect(stats.body.cluster.nodes).toBe(2);
    expect(stats.body.cluster.connections).toBeGreaterThanOrEqual(1);

    await nodeB.close();
    expect((await b.closed).code).toBe(1001);
    expect(await a.next('peer_left')).toEqual({ type: 'peer_left', peer_id: 'bob' });
    await eventually(async () => {
      const session = await getJson(nodeA.url, `/api/v1/sessions/${created.session_id as string}`);
      expect(session.body.connected_players).toEqual(['alice']);
    });
    a.send({ type: 'offer', to: 'bob', sdp: 'v=0' });
    expect(await a.next('error')).toMatchObject({ code: 'NOT_IN_SAME_SESSION' });
  });
});
