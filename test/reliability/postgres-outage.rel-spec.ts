import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeHostBody } from '../utils/factories';
import { eventually, getJson, postJson } from '../utils/rest';
import { MeshPeer } from './support/mesh-peer';
import {
  durableSnapshot,
  freshDatabase,
  PG_HOST,
  PG_PORT,
  relDatabaseUrl,
  relRedisUrl,
  sleep,
  sql,
} from './support/rel-env';
import { TcpProxy } from './support/tcp-proxy';

/**
 * Fault 1: PostgreSQL becomes unreachable while peers are signaling. The node reaches PostgreSQL
 * only through a proxy the test cuts and restores; the real server keeps running.
 */
const DB_URL = relDatabaseUrl('p2p_rel_pg_test');
const PEERS = 6;

describe('PostgreSQL outage', () => {
  let proxy: TcpProxy;
  let node: TestApp;
  const peers = new Map<string, MeshPeer>();

  beforeAll(async () => {
    await freshDatabase(DB_URL);
    proxy = await new TcpProxy(PG_HOST, PG_PORT).start();
    node = await createTestApp({
      DATABASE_URL: proxy.url(DB_URL),
      REDIS_URL: relRedisUrl(6),
      REDIS_KEY_PREFIX: `relpg${process.pid}:`,
      WS_MESSAGES_PER_SECOND: '5000',
      WS_MESSAGE_BURST: '5000',
    });
  });

  afterAll(async () => {
    peers.forEach((peer) => peer.close());
    await node?.close();
    await proxy?.close();
  });

  it('keeps relaying with nothing lost, answers 503 for the database, and recovers by itself', async () => {
    await sql(
      DB_URL,
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera') ON CONFLICT DO NOTHING`,
    );
    expect((await postJson(node.url, '/api/v1/hosts/register', makeHostBody({ host_id: 'rel-host' }))).status).toBe(
      201,
    );
    const first = await MeshPeer.open(node.wsUrl, 'pg-peer-0');
    const created = await first.createSession('prontera');
    const sessionId = created.session_id as string;
    peers.set(first.id, first);
    for (let i = 1; i < PEERS; i++) {
      const peer = await MeshPeer.open(node.wsUrl, `pg-peer-${i}`);
      expect((await peer.join(sessionId)).type).toBe('session_joined');
      peers.set(peer.id, peer);
    }
    // One more member, outside the load, leaves while the database is down.
    const leaver = await MeshPeer.open(node.wsUrl, 'pg-leaver');
    expect((await leaver.join(sessionId)).type).toBe('session_joined');
    const before = await durableSnapshot(DB_URL);
    expect(before.players).toHaveLength(PEERS + 1);

    // Everyone signals everyone for the whole outage: 2 offers + 2 ICE per pair per round.
    let running = true;
    const all = [...peers.values()];
    const load = (async () => {
      while (running) {
        for (const from of all) {
          for (const to of all) {
            if (from !== to) {
              from.signal(to.id, 'offer');
              from.signal(to.id, 'ice-candidate');
            }
          }
        }
        await sleep(20);
      }
    })();

    await sleep(300);
    proxy.cut();
    const cutAt = Date.now();
    await eventually(async () => expect((await getJson(node.url, '/health')).status).toBe(503), 10_000, 100);
    const zones = await getJson(node.url, '/api/v1/zones');
    expect(zones.status).toBe(503);
    expect(zones.body.code).toBe('DATABASE_UNAVAILABLE');
    const ready = await getJson(node.url, '/health/ready');
    expect(ready.status).toBe(503);
    leaver.close();
    await leaver.closed;
    await sleep(2_000);

    proxy.restore();
    const restoredAt = Date.now();
    await eventually(
      async () => {
        expect((await getJson(node.url, '/health')).status).toBe(200);
        expect((await getJson(node.url, '/api/v1/zones')).status).toBe(200);
      },
      30_000,
      100,
    );
    const recoveryMs = Date.now() - restoredAt;

    running = false;
    await load;
    await eventually(() => expect(all.reduce((sum, peer) => sum + peer.unaccounted(peers), 0)).toBe(0), 10_000, 100);
    const sent = all.reduce((sum, peer) => sum + [...peer.sentTo.values()].reduce((a, b) => a + b, 0), 0);
    const failed = all.reduce((sum, peer) => sum + [...peer.failedTo.values()].reduce((a, b) => a + b, 0), 0);
    expect(failed).toBe(0);
    expect(all.flatMap((peer) => peer.otherErrors)).toEqual([]);
    // Nothing written before the fault is lost, and the leave made during it is recorded after.
    const expected = {
      ...before,
      players: before.players.filter((row) => (row as { player_id: string }).player_id !== 'pg-leaver'),
    };
    await eventually(async () => expect(await durableSnapshot(DB_URL)).toEqual(expected), 30_000, 250);
    const leaveRecordedMs = Date.now() - restoredAt;
    // A write after recovery works too.
    expect((await postJson(node.url, '/api/v1/hosts/register', makeHostBody({ host_id: 'rel-host-2' }))).status).toBe(
      201,
    );
    process.stdout.write(
      `[reliability] postgres outage ${restoredAt - cutAt} ms: ${sent} signals sent, 0 lost, 0 failed; healthy again ${recoveryMs} ms after restore; a leave made during the outage recorded ${leaveRecordedMs} ms after restore\n`,
    );
  });
});
