import { createTestApp, TestApp } from '../utils/create-test-app';
import { admin, connectPlayer, issueToken, MODERATION_ENV, OPS, status, tryConnect } from '../utils/moderation';
import { redisClusterSeeds } from '../utils/redis-cluster';
import { CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL } from '../utils/test-env';
import { TestWsClient } from '../utils/ws-client';

/**
 * Moderation across two nodes sharing Redis and PostgreSQL (always real servers: the embedded
 * default is one node). A kick or a ban issued on node A closes the peer's socket on node B within a
 * second; a ban holds on both nodes and survives a restart of both.
 *
 * Run twice, as the two-node signaling suite is: on one Redis, and on a three-master Redis Cluster
 * (TEST_REDIS_CLUSTER_NODES, or the local one scripts/redis-cluster.sh starts), where the requests,
 * replies and ban broadcasts travel through sharded pub/sub inboxes.
 */
const REDIS_BACKENDS: [string, string, () => Record<string, string | undefined>][] = [
  ['one Redis', '', () => ({ REDIS_URL: CLUSTER_REDIS_URL })],
  ['a Redis Cluster', 'c', () => ({ REDIS_URL: undefined, REDIS_CLUSTER_NODES: redisClusterSeeds() })],
];

describe.each(REDIS_BACKENDS)('Moderation across two nodes on %s', (_backend, suffix, redisEnv) => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  const clients: TestWsClient[] = [];
  // Distinct per backend: both runs share PostgreSQL, and afterAll lifts only this run's bans.
  const run = `${process.pid}${suffix}-${Date.now() % 100000}`;
  const peer = (name: string): string => `${name}-${run}`;
  // Built on the first start, not when jest collects the file: the cluster's seeds (which may start
  // it) are looked up only when its suite runs, as in the two-node signaling suite.
  let env: Record<string, string | undefined>;
  const start = async (): Promise<void> => {
    env ??= {
      ...MODERATION_ENV,
      ...redisEnv(),
      DATABASE_URL: CLUSTER_DATABASE_URL,
      REDIS_KEY_PREFIX: `moderation${process.pid}${suffix}:`,
    };
    nodeA = await createTestApp({ ...env, NODE_ID: 'mod-a' });
    nodeB = await createTestApp({ ...env, NODE_ID: 'mod-b' });
  };
  /** Closed within a second of `since`, with 4003 after an error of `code`. */
  const closedWithin = async (client: TestWsClient, code: string, since: number): Promise<void> => {
    expect(await client.next('error', 1000)).toMatchObject({ code });
    expect((await client.closed).code).toBe(4003);
    expect(Date.now() - since).toBeLessThan(1000);
  };

  beforeAll(start);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    for (const ban of (await admin(nodeA, 'GET', '/bans?limit=500')).body ?? []) {
      if (String(ban.peer_id ?? '').endsWith(run)) {
        await admin(nodeA, 'DELETE', `/bans/${ban.id as string}`);
      }
    }
    await nodeA?.close();
    await nodeB?.close();
  });

  it('should kick from node A a peer held by node B within a second, and count it', async () => {
    const id = peer('kick');
    const client = await connectPlayer(nodeB, id, clients);
    expect((await admin(nodeA, 'GET', `/peers/${id}`)).body).toMatchObject({ online: true, node_id: 'mod-b' });
    expect((await admin(nodeA, 'GET', `/peers?query=${id}`)).body).toEqual([
      expect.objectContaining({ peer_id: id, node_id: 'mod-b', zone: 'prontera' }),
    ]);
    const since = Date.now();
    const answer = await admin(nodeA, 'POST', '/kick', { peer_id: id, reason: 'wall hacking' }, OPS);
    expect(answer).toMatchObject({ status: 200, body: { kicked: 1 } });
    await closedWithin(client, 'KICKED', since);
    const audit = (await admin(nodeB, 'GET', '/audit?limit=50')).body;
    expect(audit.find((entry: { target: string }) => entry.target === id)).toMatchObject({
      actor: 'ops-alice',
      action: 'peer.kick',
      reason: 'wall hacking',
      details: { kicked: 1 },
    });
  });

  it('should ban on node A: the socket on node B closed within a second, node B refuses token and connection, and it survives a restart of both', async () => {
    const id = peer('ban');
    const client = await connectPlayer(nodeB, id, clients);
    const since = Date.now();
    const created = await admin(nodeA, 'POST', '/bans', { peer_id: id, reason: 'duping' });
    expect(created.status).toBe(201);
    await closedWithin(client, 'BANNED', since);
    expect(status(await issueToken(nodeB, id))).toEqual({ status: 403, code: 'BANNED' });
    const refused = await tryConnect(nodeB, id, clients);
    expect(await refused.next('error')).toMatchObject({ code: 'BANNED' });
    expect((await refused.closed).code).toBe(4003);

    await Promise.all(clients.splice(0).map((c) => c.close()));
    await nodeA.close();
    await nodeB.close();
    await start();
    for (const node of [nodeA, nodeB]) {
      expect(status(await issueToken(node, id))).toEqual({ status: 403, code: 'BANNED' });
      const again = await tryConnect(node, id, clients);
      expect(await again.next('error')).toMatchObject({ code: 'BANNED' });
    }

    // Lifted on B, it stops applying on A at once (the broadcast, not the 30 s reload).
    expect((await admin(nodeB, 'DELETE', `/bans/${created.body.id as string}`)).status).toBe(200);
    expect((await issueToken(nodeA, id)).status).toBe(200);
    await connectPlayer(nodeA, id, clients);
  });
});
