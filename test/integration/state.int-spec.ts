import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { MemoryLeaseStore } from '../../src/state/memory/lease.memory.store';
import { MemoryMovementStore, MemorySeatHoldStore, RedisMovementStore, RedisSeatHoldStore } from '../../src/state';
import { MemoryMembershipStore } from '../../src/state/memory/membership.memory.store';
import { InProcessBus, MemoryNodeInbox } from '../../src/state/memory/node-inbox.memory.store';
import { MemoryNodeRegistryStore } from '../../src/state/memory/node-registry.memory.store';
import { MemoryPresenceStore } from '../../src/state/memory/presence.memory.store';
import { MemoryRateLimitStore } from '../../src/state/memory/rate-limit.memory.store';
import { MemoryTokenStore } from '../../src/state/memory/token.memory.store';
import { RedisLeaseStore } from '../../src/state/redis/lease.redis.store';
import { RedisMembershipStore } from '../../src/state/redis/membership.redis.store';
import { RedisNodeInbox } from '../../src/state/redis/node-inbox.redis.store';
import { RedisNodeRegistryStore } from '../../src/state/redis/node-registry.redis.store';
import { RedisPresenceStore } from '../../src/state/redis/presence.redis.store';
import { RedisRateLimitStore } from '../../src/state/redis/rate-limit.redis.store';
import { RedisTokenStore } from '../../src/state/redis/token.redis.store';
import { runStateContract, StateStores } from './state-contract';

/** A dedicated database, flushed before every test; Redis must be running (no skipping). */
const REDIS_URL = process.env.STATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

describe('state contract: in-process adapters', () => {
  let shared: Omit<StateStores, 'inbox'>;
  let bus: InProcessBus;

  runStateContract({
    reset() {
      // Fresh stores per test stand in for FLUSHDB; inboxes of one test share one bus.
      shared = {
        presence: new MemoryPresenceStore(),
        membership: new MemoryMembershipStore(),
        nodes: new MemoryNodeRegistryStore(),
        leases: new MemoryLeaseStore(),
        rateLimits: new MemoryRateLimitStore(),
        tokens: new MemoryTokenStore(),
        movements: new MemoryMovementStore(),
        seats: new MemorySeatHoldStore(),
      };
      bus = new InProcessBus();
      return Promise.resolve();
    },
    create() {
      return Promise.resolve({ ...shared, inbox: new MemoryNodeInbox(bus) });
    },
  });
});

describe('state contract: Redis adapters', () => {
  const clients: Redis[] = [];
  /**
   * The nodes of this run are a deployment of their own: other specs (or another run) on the same
   * database with the default prefix would otherwise be counted among a broadcast's receivers.
   */
  const inboxOptions = { channelScope: `state-contract-${randomUUID()}` };
  let admin: Redis;

  const connect = async (): Promise<Redis> => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    admin = await connect();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  });

  runStateContract({
    async reset() {
      await admin.flushdb();
    },
    // Each call is another node: its own command and subscriber connections.
    async create() {
      const client = await connect();
      const subscriber = client.duplicate({ enableOfflineQueue: true });
      subscriber.on('error', () => undefined);
      clients.push(subscriber);
      return {
        presence: new RedisPresenceStore(client),
        membership: new RedisMembershipStore(client),
        nodes: new RedisNodeRegistryStore(client),
        inbox: new RedisNodeInbox(client, subscriber, inboxOptions),
        leases: new RedisLeaseStore(client),
        rateLimits: new RedisRateLimitStore(client),
        tokens: new RedisTokenStore(client),
        movements: new RedisMovementStore(client),
        seats: new RedisSeatHoldStore(client),
      };
    },
  });
});
