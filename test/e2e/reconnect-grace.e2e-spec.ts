import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { eventually, getJson, sleep } from '../utils/rest';
import { redisClusterSeeds } from '../utils/redis-cluster';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL } from '../utils/test-env';
import { Received, TestWsClient } from '../utils/ws-client';

/**
 * RECONNECT_GRACE_SECONDS across two nodes sharing PostgreSQL and Redis (one Redis, and a Redis
 * Cluster): a dropped peer keeps its seat and comes back on either node without `peer_left` /
 * `peer_joined` for the others; one that does not come back is announced gone once, when the grace
 * runs out; a clean close leaves at once; a stopped node's peers resume on the other node.
 */
const GRACE_SECONDS = 3;
const capabilities = { webrtc: true, encryption: false, compression: false };
const REDIS_BACKENDS: [string, () => Record<string, string | undefined>][] = [
  ['one Redis', () => ({ REDIS_URL: CLUSTER_REDIS_URL })],
  ['a Redis Cluster', () => ({ REDIS_URL: undefined, REDIS_CLUSTER_NODES: redisClusterSeeds() })],
];

describe.each(REDIS_BACKENDS)('Reconnection grace across two nodes on %s', (backend, redisEnv) => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let sessionId: string;
  let alice: TestWsClient;
  const clients: TestWsClient[] = [];

  const connect = async (node: TestApp): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(node.wsUrl);
    clients.push(client);
    return client;
  };

  /** A DLL peer entering prontera on `node`; the session it was placed in. */
  const enter = async (node: TestApp, peerId: string): Promise<{ client: TestWsClient; session: string }> => {
    const client = await connect(node);
    client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera', capabilities });
    const created = await client.next('session_created');
    return { client, session: created.session_id as string };
  };

  const players = async (): Promise<string[]> => {
    const session = await getJson(nodeA.url, `/api/v1/sessions/${sessionId}`);
    return [...(session.body.connected_players as string[])].sort();
  };

  const notices = (client: TestWsClient, peerId: string): Received[] =>
    client.messages.filter((m) => (m.type === 'peer_left' || m.type === 'peer_joined') && m.peer_id === peerId);

  /** The signal reaches `to` wherever it sits now (proves every node routes to its new connection). */
  const reaches = async (from: TestWsClient, to: TestWsClient, toId: string): Promise<void> => {
    const sdp = `v=0 ${Math.random()}`;
    from.send({ type: 'offer', to: toId, sdp });
    expect(await to.next((m) => m.type === 'offer' && m.sdp === sdp)).toMatchObject({ from: 'alice' });
  };

  beforeAll(async () => {
    const shared = {
      ...redisEnv(),
      DATABASE_URL: CLUSTER_DATABASE_URL,
      REDIS_KEY_PREFIX: `grace${process.pid}${backend === 'one Redis' ? '' : 'c'}:`,
      P2P_ENABLED_ZONES: 'prontera',
      RECONNECT_GRACE_SECONDS: String(GRACE_SECONDS),
    };
    nodeA = await createTestApp({ ...shared, NODE_ID: 'grace-a' });
    nodeB = await createTestApp({ ...shared, NODE_ID: 'grace-b' });
    await resetDatabase(nodeA);
    await nodeA.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera')`,
    );
    const first = await enter(nodeA, 'alice');
    alice = first.client;
    sessionId = first.session;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await nodeA?.close();
    await nodeB?.close().catch(() => undefined);
  });

  it('should let a dropped peer resume on the other node with no peer_left or peer_joined for the others', async () => {
    const bob = await enter(nodeB, 'bob');
    expect(bob.session).toBe(sessionId);
    await alice.next((m) => m.type === 'peer_joined' && m.peer_id === 'bob');

    bob.client.ws.terminate(); // the connection drops: no close frame (1006)
    await sleep(500);
    expect(await players()).toEqual(['alice', 'bob']);

    const back = await enter(nodeA, 'bob');
    expect(back.session).toBe(sessionId);
    await reaches(alice, back.client, 'bob');
    await sleep(GRACE_SECONDS * 1000 + 1500); // past the grace: the resumed seat is not freed
    expect(notices(alice, 'bob')).toEqual([]);
    expect(await players()).toEqual(['alice', 'bob']);
    await reaches(alice, back.client, 'bob');
  });

  it('should announce a peer that does not come back once, when its grace runs out, and free its seat', async () => {
    const carol = await enter(nodeB, 'carol');
    expect(carol.session).toBe(sessionId);
    await alice.next((m) => m.type === 'peer_joined' && m.peer_id === 'carol');
    const dropped = Date.now();
    carol.client.ws.terminate();

    await sleep(1000);
    expect(notices(alice, 'carol')).toEqual([]);
    expect(await players()).toContain('carol');
    await alice.next((m) => m.type === 'peer_left' && m.peer_id === 'carol', (GRACE_SECONDS + 4) * 1000);
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 100);
    await eventually(async () => expect(await players()).not.toContain('carol'));
    await sleep(1500); // both nodes sweep: still one announcement
    expect(notices(alice, 'carol')).toEqual([]);
  });

  it('should let a clean close by the client (1000) leave at once', async () => {
    const dave = await enter(nodeB, 'dave');
    await alice.next((m) => m.type === 'peer_joined' && m.peer_id === 'dave');
    const closedAt = Date.now();
    await dave.client.close();
    await alice.next((m) => m.type === 'peer_left' && m.peer_id === 'dave', GRACE_SECONDS * 1000);
    expect(Date.now() - closedAt).toBeLessThan(GRACE_SECONDS * 1000);
    await eventually(async () => expect(await players()).not.toContain('dave'));
  });

  it('should cost the others nothing when a node stops: its peers resume on the other node', async () => {
    const erin = await enter(nodeB, 'erin');
    await alice.next((m) => m.type === 'peer_joined' && m.peer_id === 'erin');

    await nodeB.close();
    expect((await erin.client.closed).code).toBe(1001);
    const back = await enter(nodeA, 'erin');
    expect(back.session).toBe(sessionId);
    await reaches(alice, back.client, 'erin');
    await sleep(GRACE_SECONDS * 1000 + 1500);
    expect(notices(alice, 'erin')).toEqual([]);
    expect(await players()).toEqual(['alice', 'bob', 'erin']);
  });
});

/** One node with the test run's own backends (embedded and in-process state in the embedded run). */
describe('Reconnection grace on one node', () => {
  let app: TestApp;
  const clients: TestWsClient[] = [];

  const enter = async (peerId: string): Promise<{ client: TestWsClient; session: string }> => {
    const client = await TestWsClient.connect(app.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera', capabilities });
    const created = await client.next('session_created');
    return { client, session: created.session_id as string };
  };

  beforeAll(async () => {
    app = await createTestApp({ P2P_ENABLED_ZONES: 'prontera', RECONNECT_GRACE_SECONDS: '2' });
    await resetDatabase(app);
    await app.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera')`,
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    // Its zone rows (a small max_players) must not reach a later suite that seeds zones by name.
    if (app) {
      await resetDatabase(app);
    }
    await app?.close();
  });

  it('should resume a dropped peer on the same node silently, and free the seat of one that stays away', async () => {
    const host = await enter('solo-a');
    const back = await enter('solo-b');
    const away = await enter('solo-c');
    await host.client.next((m) => m.type === 'peer_joined' && m.peer_id === 'solo-c');
    host.client.messages.splice(0); // solo-b's peer_joined, from before the drop

    back.client.ws.terminate();
    away.client.ws.terminate();
    await sleep(300);
    const again = await enter('solo-b');
    expect(again.session).toBe(host.session);

    expect(await host.client.next('peer_left', 5_000)).toEqual({ type: 'peer_left', peer_id: 'solo-c' });
    await sleep(2_500);
    const notices = host.client.messages.filter((m) => m.type === 'peer_left' || m.type === 'peer_joined');
    expect(notices).toEqual([]);
    const session = await getJson(app.url, `/api/v1/sessions/${host.session}`);
    expect([...(session.body.connected_players as string[])].sort()).toEqual(['solo-a', 'solo-b']);
  });
});

describe('Peers coming back while their zone is busy seating others', () => {
  let app: TestApp;
  const clients: TestWsClient[] = [];

  const enter = async (peerId: string): Promise<string> => {
    const client = await TestWsClient.connect(app.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone: 'grace_busy', capabilities });
    return (await client.next('session_created', 15_000)).session_id as string;
  };

  beforeAll(async () => {
    app = await createTestApp({ P2P_ENABLED_ZONES: 'grace_busy' });
    await resetDatabase(app);
    await app.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name, max_players) VALUES ('grace_busy','grace_busy','Busy','geffen', 10)`,
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    // Its zone rows (a small max_players) must not reach a later suite that seeds zones by name.
    if (app) {
      await resetDatabase(app);
    }
    await app?.close();
  });

  it('should give each its own seat back, while the newcomers fill sessions around them', async () => {
    const first = Array.from({ length: 25 }, (_, i) => `busy-${i}`);
    const seats = await Promise.all(first.map((peer) => enter(peer)));
    const newcomers = Array.from({ length: 25 }, (_, i) => `new-${i}`);
    const [again] = await Promise.all([
      Promise.all(first.map((peer) => enter(peer))),
      Promise.all(newcomers.map((peer) => enter(peer))),
    ]);
    expect(again).toEqual(seats);
    const rows = await app.db.query<{ player_id: string; seats: string; full: boolean }>(
      `SELECT sp.player_id, count(*)::text AS seats, bool_or(s.current_players > s.max_players) AS full
         FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id
        WHERE s.status IN ('pending', 'active') GROUP BY sp.player_id`,
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((row) => row.seats === '1' && !row.full)).toBe(true);
  });
});
