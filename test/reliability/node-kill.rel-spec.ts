import Redis from 'ioredis';
import { encodeFrame, encodePosition } from '../../src/protocol/frame-codec';
import { PacketType } from '../../src/protocol/frame';
import { eventually, sleep } from '../utils/rest';
import { MeshPeer } from './support/mesh-peer';
import { NodeProcess } from './support/node-process';
import { freshDatabase, relDatabaseUrl, relRedisUrl, sql } from './support/rel-env';

/**
 * Fault 3: a node is killed with SIGKILL (no drain). Its peers reconnect to the other node the way
 * the DLL does (1 s, 2 s, 4 s … trying the nodes in turn) and regain their session, and a peer that
 * never comes back is announced as leaving once, after the dead node's registry entry expires (and,
 * with a reconnection grace, once its grace has run out too). With the default grace the peers that
 * stayed up hear nothing of the moved peers; without one (RECONNECT_GRACE_SECONDS=0) they see
 * exactly one peer_left and one peer_joined per moved peer.
 */
const DB_URL = relDatabaseUrl('p2p_rel_kill_test');
const PREFIX = `relkill${process.pid}:`;
/** PROXIMITY_TICK_MS (200) × 10, the proximity lease's TTL (see ProximityService). */
const LEASE_TTL_MS = 2_000;

const position = (x: number): Buffer =>
  encodeFrame({
    type: PacketType.POSITION_UPDATE,
    flags: 0,
    payload: encodePosition({ x, y: 100, direction: 0, walkSpeedMs: 150, clientTimeMs: 0 }),
  });

async function reconnectLikeTheDll(urls: string[], id: string): Promise<{ peer: MeshPeer; afterMs: number }> {
  const started = Date.now();
  for (let attempt = 0, delay = 1_000; attempt < 6; attempt++, delay *= 2) {
    await sleep(delay);
    try {
      return { peer: await MeshPeer.open(urls[attempt % urls.length], id), afterMs: Date.now() - started };
    } catch {
      // refused: try the next node after a longer wait
    }
  }
  throw new Error(`${id} could not reconnect`);
}

const CASES: [string, Record<string, string>, string[]][] = [
  ['with the default reconnection grace', {}, ['peer_left:k-gone']],
  [
    'without a reconnection grace',
    { RECONNECT_GRACE_SECONDS: '0' },
    ['peer_joined:k-a0', 'peer_joined:k-a1', 'peer_left:k-a0', 'peer_left:k-a1', 'peer_left:k-gone'],
  ],
];

describe.each(CASES)('A node killed with SIGKILL, %s', (_name, graceEnv, expectedNotices) => {
  const nodes: NodeProcess[] = [];
  const peers: MeshPeer[] = [];

  beforeAll(async () => {
    await freshDatabase(DB_URL);
    const env = {
      DATABASE_URL: DB_URL,
      REDIS_URL: relRedisUrl(8),
      REDIS_KEY_PREFIX: PREFIX,
      P2P_ENABLED_ZONES: 'prontera',
      ...graceEnv,
    };
    nodes.push(await NodeProcess.start({ ...env, NODE_ID: 'rel-kill-a' }));
    nodes.push(await NodeProcess.start({ ...env, NODE_ID: 'rel-kill-b' }));
  }, 60_000);

  afterAll(async () => {
    peers.forEach((peer) => peer.close());
    await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
  });

  it('moves its peers to the surviving node and announces the one that never returns once', async () => {
    const [a, b] = nodes;
    await sql(
      DB_URL,
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera') ON CONFLICT DO NOTHING`,
    );
    const first = await MeshPeer.open(b.wsUrl, 'k-b0');
    const sessionId = (await first.createSession('prontera')).session_id as string;
    peers.push(first);
    for (const [node, id] of [
      [b, 'k-b1'],
      [a, 'k-a0'],
      [a, 'k-a1'],
      [a, 'k-gone'],
    ] as const) {
      const peer = await MeshPeer.open(node.wsUrl, id);
      expect((await peer.join(sessionId)).type).toBe('session_joined');
      peers.push(peer);
    }
    const stayed = peers.filter((peer) => peer.id.startsWith('k-b'));
    // The zone's proximity grid lives on node a (its peer moved first and took the lease).
    const redis = new Redis(relRedisUrl(8));
    const leaseHolder = (): Promise<string | null> => redis.get(`${PREFIX}lease:proximity:prontera`);
    peers.find((peer) => peer.id === 'k-a0')!.ws.send(position(104));
    await eventually(async () => expect(await leaseHolder()).toBe('rel-kill-a'));
    const moving = setInterval(
      () => stayed.forEach((peer, i) => peer.open && peer.ws.send(position(100 + 2 * i))),
      200,
    );
    await sleep(300);
    stayed.forEach((peer) => peer.announcements.splice(0));

    await a.stop('SIGKILL');
    const killedAt = Date.now();
    // Node b takes the zone over once the dead node's lease lapses, and pushes peer lists again.
    const listAfterTakeover = stayed[0].next((m) => m.type === 'peer_list', 10_000);
    await eventually(async () => expect(await leaseHolder()).toBe('rel-kill-b'), 10_000, 50);
    const leaseAfterMs = Date.now() - killedAt;
    expect(leaseAfterMs).toBeLessThan(LEASE_TTL_MS + 1_000);
    expect(JSON.stringify(await listAfterTakeover)).toContain('k-b1');
    clearInterval(moving);
    redis.disconnect();
    const moved = await Promise.all(['k-a0', 'k-a1'].map((id) => reconnectLikeTheDll([a.wsUrl, b.wsUrl], id)));
    for (const { peer } of moved) {
      peers.push(peer);
      expect((await peer.join(sessionId)).type).toBe('session_joined');
    }
    // Reachable again through the surviving node: a signal from a peer that stayed arrives.
    stayed[0].signal('k-a0');
    await eventually(() => expect(moved[0].peer.receivedFrom.get('k-b0')).toBe(1));

    // The peer that never returns leaves once the dead node is noticed (registry TTL 15 s + 11 s),
    // or once its reconnection grace (20 s, counted from when the node was first missed) runs out.
    await eventually(
      () => expect(stayed[0].announcements.some((e) => e.type === 'peer_left' && e.peer === 'k-gone')).toBe(true),
      60_000,
      250,
    );
    const goneAfterMs = Date.now() - killedAt;
    await sleep(3_000); // any duplicate announcement from a late sweep would arrive by now
    for (const peer of stayed) {
      const seen = peer.announcements.map((e) => `${e.type}:${e.peer}`).sort();
      expect(seen).toEqual(expectedNotices);
      for (const id of seen.includes('peer_joined:k-a0') ? ['k-a0', 'k-a1'] : []) {
        const left = peer.announcements.findIndex((e) => e.type === 'peer_left' && e.peer === id);
        const joined = peer.announcements.findIndex((e) => e.type === 'peer_joined' && e.peer === id);
        expect(left).toBeLessThan(joined);
      }
    }
    const players = await sql<{ player_id: string }>(
      DB_URL,
      'SELECT sp.player_id FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id WHERE s.session_id = $1 ORDER BY 1',
      [sessionId],
    );
    expect(players.map((row) => row.player_id)).toEqual(['k-a0', 'k-a1', 'k-b0', 'k-b1']);
    process.stdout.write(
      `[reliability] SIGKILL: zone lease taken over by the surviving node ${leaseAfterMs} ms after the kill (TTL ${LEASE_TTL_MS} ms); peers back in their session after ${moved.map((m) => m.afterMs).join(' / ')} ms; ` +
        `the vanished peer announced as leaving once, ${goneAfterMs} ms after the kill\n`,
    );
  }, 150_000);
});
