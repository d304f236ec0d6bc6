import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { RedisMovementStore, RedisSeatHoldStore } from '../../src/state';
import { RedisLeaseStore } from '../../src/state/redis/lease.redis.store';
import { RedisMembershipStore } from '../../src/state/redis/membership.redis.store';
import { RedisNodeInbox } from '../../src/state/redis/node-inbox.redis.store';
import { RedisNodeRegistryStore } from '../../src/state/redis/node-registry.redis.store';
import { RedisPresenceStore } from '../../src/state/redis/presence.redis.store';
import { RedisRateLimitStore } from '../../src/state/redis/rate-limit.redis.store';
import { RedisStoreOptions } from '../../src/state/redis/redis-support';
import { RedisTokenStore } from '../../src/state/redis/token.redis.store';
import { StateHealth } from '../../src/state/state-health';
import { connectCluster, redisClusterSeeds, wipeClusterPrefix } from '../utils/redis-cluster';
import { runStateContract } from './state-contract';

/**
 * The live-state contract on a three-master Redis Cluster (see test/utils/redis-cluster.ts): every
 * multi-key script, MULTI and read must keep to one slot or split by key, and node inboxes run on
 * sharded pub/sub. A cluster has no database numbers to flush, so every test gets a key prefix of
 * its own and the run's keys are deleted at the end.
 */
const RUN = `cluster-contract-${randomUUID()}`;

describe('state contract: Redis adapters on a Redis Cluster', () => {
  const seeds = redisClusterSeeds();
  const clients: Cluster[] = [];
  let admin: Cluster;
  let options: RedisStoreOptions;
  let test = 0;

  const connect = async (): Promise<Cluster> => {
    const client = await connectCluster(seeds);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    admin = await connect();
  });

  afterAll(async () => {
    await wipeClusterPrefix(admin, RUN).catch(() => undefined);
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  });

  runStateContract({
    reset() {
      test += 1;
      options = { keyPrefix: `${RUN}-${test}:`, cluster: true };
      return Promise.resolve();
    },
    // Each call is another node, with the connections a node opens on a cluster (RedisConnections).
    async create() {
      const client = await connect();
      const publisher = client.duplicate([], { enableAutoPipelining: true });
      const subscriber = client.duplicate([], {
        enableOfflineQueue: true,
        enableAutoPipelining: false,
        shardedSubscribers: true,
      });
      for (const conn of [publisher, subscriber]) {
        conn.on('error', () => undefined);
        clients.push(conn);
      }
      return {
        presence: new RedisPresenceStore(client, options),
        membership: new RedisMembershipStore(client, options),
        nodes: new RedisNodeRegistryStore(client, options),
        inbox: new RedisNodeInbox(publisher, subscriber, options),
        leases: new RedisLeaseStore(client, options),
        rateLimits: new RedisRateLimitStore(client, options),
        tokens: new RedisTokenStore(client, options),
        movements: new RedisMovementStore(client, options),
        seats: new RedisSeatHoldStore(client, options),
      };
    },
  });
});

describe('Redis adapters on a Redis Cluster: slots and shards', () => {
  const seeds = redisClusterSeeds();
  let client: Cluster;
  const prefix = `${RUN}-layout:`;

  beforeAll(async () => {
    client = await connectCluster(seeds);
  });

  afterAll(async () => {
    await wipeClusterPrefix(client, prefix).catch(() => undefined);
    await client.quit().catch(() => client.disconnect());
  });

  const slotOf = async (key: string): Promise<number> => Number(await client.cluster('KEYSLOT', key));

  it('puts the keys one script touches in one slot and spreads the peers over the shards', async () => {
    const options = { keyPrefix: prefix, cluster: true };
    await new RedisMembershipStore(client, options).join('s1', 'p1', 5_000);
    await new RedisNodeRegistryStore(client, options).beat(
      { nodeId: 'n1', address: 'a', startedAt: 1, connections: 0, sessions: 0 },
      5_000,
    );
    const presence = new RedisPresenceStore(client, options);
    const owned = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      owned.set(`p${i}`, `c${i}`);
    }
    await Promise.all([...owned].map(([p, c]) => presence.claim(p, { nodeId: 'n1', connId: c, since: 0 }, 5_000)));

    const membership = [`${prefix}{membership}:sessions`, `${prefix}{membership}:member:p1`];
    membership.push(`${prefix}{membership}:session:s1`);
    expect(new Set(await Promise.all(membership.map(slotOf))).size).toBe(1);
    expect(await client.exists(...membership)).toBe(3);
    const nodes = [`${prefix}{nodes}:nodes`, `${prefix}{nodes}:nodes:info`];
    expect(new Set(await Promise.all(nodes.map(slotOf))).size).toBe(1);
    // Routes carry no tag: each master holds some of them, and a refresh across them all works.
    const perMaster = await Promise.all(
      client.nodes('master').map(async (node) => (await node.keys(`${prefix}presence:*`)).length),
    );
    expect(perMaster.every((n) => n > 0)).toBe(true);
    owned.set('p7', 'stale');
    expect(await presence.refresh(owned, 60_000)).toEqual(['p7']);
  });

  it('runs different scripts of a fresh client in one turn, each on the shard of its keys', async () => {
    const fresh = await connectCluster(seeds);
    try {
      const options = { keyPrefix: prefix, cluster: true };
      const nodes = new RedisNodeRegistryStore(fresh, options);
      const membership = new RedisMembershipStore(fresh, options);
      const leases = new RedisLeaseStore(fresh, options);
      const tokens = new RedisTokenStore(fresh, options);
      // As the signaling stats ask: several scripts auto-pipelined together before any is loaded.
      const [listed, sessions, leased, rotated] = await Promise.all([
        nodes.list(),
        membership.countSessions(),
        leases.acquire('sweep', 'n1', 5_000),
        tokens.rotate({ family: 'f1', generation: 1 }, 5_000),
      ]);
      expect([listed.length >= 0, sessions >= 0, leased, rotated]).toEqual([true, true, true, 'rotated']);
    } finally {
      await fresh.quit();
    }
  });

  it('gives every node inbox its own shard channel and broadcasts on one every node hears', async () => {
    const options = { keyPrefix: prefix, channelScope: 'staging', cluster: true };
    const publisher = client.duplicate([], { enableAutoPipelining: true });
    const subscriber = client.duplicate([], { enableOfflineQueue: true, shardedSubscribers: true });
    const received: string[] = [];
    subscriber.on('smessage', (channel: string) => received.push(channel));
    const inbox = new RedisNodeInbox(publisher, subscriber, options);
    try {
      await inbox.subscribe('n1', () => undefined);
      expect(await inbox.publish('n1', { kind: 'x' })).toBe(1);
      expect(await inbox.broadcast({ kind: 'y' })).toBe(1);
      await new Promise((r) => setTimeout(r, 50));
      expect(received).toEqual([`${prefix}staging:inbox:{n1}`, `${prefix}staging:inbox:{*all*}`]);
      // Sharded channels are not classic ones: a classic PUBLISH reaches no inbox.
      expect(await client.publish(`${prefix}staging:inbox:{n1}`, 'x')).toBe(0);
    } finally {
      await inbox.close();
      await Promise.all([publisher.quit(), subscriber.quit()]);
    }
  });

  it('reports the cluster up only when every master answers PING', async () => {
    expect(await new StateHealth('redis', client).ping()).toBe('up');
    const pings: string[] = [];
    for (const node of client.nodes('master')) {
      const original = node.ping.bind(node);
      jest.spyOn(node, 'ping').mockImplementation(() => {
        pings.push(`${node.options.host}:${node.options.port}`);
        return original();
      });
    }
    await new StateHealth('redis', client).ping();
    expect(pings).toHaveLength(3);
    jest.restoreAllMocks();
  });
});
