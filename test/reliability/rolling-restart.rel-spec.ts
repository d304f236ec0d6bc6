import { sleep } from '../utils/rest';
import { MeshPeer } from './support/mesh-peer';
import { NodeProcess } from './support/node-process';
import { freshDatabase, relDatabaseUrl, relRedisUrl, sql } from './support/rel-env';
import { RollingPeer, SignalLedger } from './support/rolling-peer';

/**
 * A rolling restart of two nodes (SIGTERM, drain, start again on the same port, then the other)
 * under constant all-pairs signaling. Peers of a draining node reconnect to the other node the way
 * the DLL does and rejoin their session. A signal whose sender and target sockets were both open
 * (and joined) when it was sent and stayed open for a grace period after must be delivered: no
 * exceptions for refusals, none for cross-node hops. With the default reconnection grace the moved
 * peers resume their seats: nobody receives a `peer_left` or `peer_joined` during the restart.
 */
const DB_URL = relDatabaseUrl('p2p_rel_rolling_test');
const PREFIX = `relroll${process.pid}:`;
const PER_NODE = 4;
const SEND_EVERY_MS = 100;

describe('A rolling restart of two nodes', () => {
  const nodes: NodeProcess[] = [];
  const peers: RollingPeer[] = [];

  beforeAll(async () => {
    await freshDatabase(DB_URL);
    const env = {
      DATABASE_URL: DB_URL,
      REDIS_URL: relRedisUrl(8),
      REDIS_KEY_PREFIX: PREFIX,
      P2P_ENABLED_ZONES: 'prontera',
      WS_MESSAGES_PER_SECOND: '5000',
      WS_MESSAGE_BURST: '5000',
    };
    nodes.push(await NodeProcess.start({ ...env, NODE_ID: 'rel-roll-a' }));
    nodes.push(await NodeProcess.start({ ...env, NODE_ID: 'rel-roll-b' }));
  }, 60_000);

  afterAll(async () => {
    peers.forEach((peer) => peer.stop());
    await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
  });

  it('loses no signal between peers whose sockets stayed up, and every peer is back in its session', async () => {
    const [a] = nodes;
    const urls = nodes.map((node) => node.wsUrl);
    await sql(
      DB_URL,
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera') ON CONFLICT DO NOTHING`,
    );
    const ledger = new SignalLedger();
    const first = await MeshPeer.open(a.wsUrl, 'roll-a0');
    const sessionId = (await first.createSession('prontera')).session_id as string;
    for (let i = 0; i < PER_NODE * 2; i++) {
      const onA = i < PER_NODE;
      const id = `roll-${onA ? 'a' : 'b'}${i % PER_NODE}`;
      peers.push(
        await RollingPeer.start(
          id,
          i === 0 ? first : await MeshPeer.open(urls[onA ? 0 : 1], id),
          onA ? 0 : 1,
          urls,
          sessionId,
          ledger,
        ),
      );
    }
    const ids = peers.map((peer) => peer.id);

    let running = true;
    const load = (async () => {
      while (running) {
        peers.forEach((peer) => peer.signalAll(ids));
        await sleep(SEND_EVERY_MS);
      }
    })();
    await sleep(2_000);
    peers.forEach((peer) => peer.notices.splice(0));

    const timeline: string[] = [];
    for (const [index, node] of nodes.entries()) {
      const moving = peers.filter((peer) => peer.nodeIndex === index);
      const stoppedAt = Date.now();
      await node.stop('SIGTERM');
      const drainedMs = Date.now() - stoppedAt;
      const rejoinedMs = await Promise.all(moving.map((peer) => peer.rejoined(stoppedAt)));
      await node.spawn();
      timeline.push(
        `node ${'ab'[index]}: drained in ${drainedMs} ms, ${moving.length} peers back in their session after ${Math.max(...rejoinedMs)} ms, restarted ${Date.now() - stoppedAt} ms after SIGTERM`,
      );
      await sleep(2_000);
    }
    running = false;
    await load;
    await sleep(1_000);

    const result = ledger.settle(1_000);
    expect(result.eligible).toBeGreaterThan(2_000);
    expect(result.lostEligible).toEqual([]);
    // The peers of the first node moved twice, the others once; nobody fell out on the way.
    expect(peers.map((peer) => peer.reconnects)).toEqual(peers.map((peer) => (peer.id.startsWith('roll-a') ? 2 : 1)));
    for (const peer of peers) {
      expect(peer.current.open).toBe(true);
    }
    // The reconnection grace (default 20 s) held every moved peer's seat: the others were told nothing.
    expect(peers.flatMap((peer) => peer.notices)).toEqual([]);
    // Every peer is in the session: in PostgreSQL, and live (a final all-pairs round arrives whole).
    const rows = await sql<{ player_id: string }>(
      DB_URL,
      'SELECT sp.player_id FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id WHERE s.session_id = $1 ORDER BY 1',
      [sessionId],
    );
    expect(rows.map((row) => row.player_id)).toEqual([...ids].sort());
    const final = new SignalLedger();
    peers.forEach((peer) => peer.useLedger(final));
    peers.forEach((peer) => peer.signalAll(ids));
    await sleep(1_000);
    expect(final.settle(0)).toMatchObject({
      sent: ids.length * (ids.length - 1),
      delivered: ids.length * (ids.length - 1),
    });
    process.stdout.write(
      `[reliability] rolling restart: ${timeline.join('; ')}; ${result.sent} signals sent, ${result.eligible} between open sockets ` +
        `(${result.eligibleCrossNode} across nodes) all delivered, ${result.refused} refused with an error while a socket was down, 0 lost\n`,
    );
  }, 120_000);
});
