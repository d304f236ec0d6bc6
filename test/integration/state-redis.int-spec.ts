import Redis from 'ioredis';
import { RedisLeaseStore } from '../../src/state/redis/lease.redis.store';
import { RedisMembershipStore } from '../../src/state/redis/membership.redis.store';
import { RedisNodeInbox } from '../../src/state/redis/node-inbox.redis.store';
import { RedisNodeRegistryStore } from '../../src/state/redis/node-registry.redis.store';
import { RedisPresenceStore } from '../../src/state/redis/presence.redis.store';
import { RedisRateLimitStore } from '../../src/state/redis/rate-limit.redis.store';

/** Redis-only invariants the in-process adapters have no equivalent for. */
const REDIS_URL = process.env.STATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

describe('Redis state adapters: key hygiene', () => {
  let client: Redis;
  let subscriber: Redis;

  beforeAll(async () => {
    client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    client.on('error', () => undefined);
    await client.connect();
    subscriber = client.duplicate({ enableOfflineQueue: true });
    subscriber.on('error', () => undefined);
  });

  beforeEach(() => client.flushdb());

  afterAll(async () => {
    // Also runs when beforeAll failed (Redis unreachable), so tolerate dead clients.
    await Promise.all([client, subscriber].map((c) => c?.quit().catch(() => c.disconnect())));
  });

  it('namespaces every key and channel with the prefix and gives every key a TTL', async () => {
    const options = { keyPrefix: 'ns-test:' };
    const presence = new RedisPresenceStore(client, options);
    const membership = new RedisMembershipStore(client, options);
    const nodes = new RedisNodeRegistryStore(client, options);
    const leases = new RedisLeaseStore(client, options);
    const rateLimits = new RedisRateLimitStore(client, options);
    const inbox = new RedisNodeInbox(client, subscriber, options);

    await presence.claim('p1', { nodeId: 'n1', connId: 'c1', since: 1 }, 5_000);
    await presence.refresh(new Map([['p1', 'c1']]), 6_000);
    await membership.join('s1', 'p1', 5_000);
    await membership.join('s1', 'p2', 5_000);
    await membership.join('s2', 'p2', 5_000);
    await membership.refresh(['p1', 'p2'], 7_000);
    await nodes.beat({ nodeId: 'n1', address: 'a', startedAt: 1, connections: 1, sessions: 1 }, 5_000);
    await leases.acquire('sweep', 'n1', 5_000);
    await rateLimits.hit('ip:1', 10, 5_000);

    const keys = (await client.keys('*')).sort();
    expect(keys).toEqual(
      [
        'lease:sweep',
        'member:p1',
        'member:p2',
        'nodes',
        'nodes:info',
        'presence:p1',
        'rl:ip:1',
        'session:s1',
        'session:s2',
        'sessions',
      ].map((k) => `ns-test:${k}`),
    );
    for (const key of keys) {
      const ttl = await client.pttl(key);
      expect([key, ttl > 0 && ttl <= 7_000]).toEqual([key, true]);
    }

    const received: string[] = [];
    subscriber.on('message', (channel: string) => received.push(channel));
    await inbox.subscribe('n1', () => undefined);
    await inbox.publish('n1', { kind: 'x' });
    await inbox.broadcast({ kind: 'y' });
    await new Promise((r) => setTimeout(r, 50));
    // Channels also carry the database number: pub/sub ignores it (see the channel-scope spec).
    const db = `{db${client.options.db ?? 0}}`;
    expect(received).toEqual([`ns-test:${db}:inbox:n1`, `ns-test:${db}:inbox:*all*`]);
    await inbox.close();
  });

  it('uses the default p2pc: prefix', async () => {
    await new RedisLeaseStore(client).acquire('x', 'h', 1_000);
    expect(await client.keys('*')).toEqual(['p2pc:lease:x']);
  });

  it('refreshes presence for many peers in chunks', async () => {
    const presence = new RedisPresenceStore(client);
    const owned = new Map<string, string>();
    for (let i = 0; i < 1_200; i++) {
      owned.set(`p${i}`, `c${i}`);
    }
    await Promise.all([...owned].map(([p, c]) => presence.claim(p, { nodeId: 'n', connId: c, since: 0 }, 1_000)));
    owned.set('p5', 'stale');
    expect(await presence.refresh(owned, 60_000)).toEqual(['p5']);
    expect(await client.pttl('p2pc:presence:p1199')).toBeGreaterThan(50_000);
    expect((await presence.getMany([...owned.keys()])).size).toBe(1_200);
  });
});
