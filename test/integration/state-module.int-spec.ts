import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { getRedisConnectionToken } from '@nestjs-modules/ioredis';
import { createServer, connect, Socket } from 'node:net';
import { loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { LeaseStore } from '../../src/state/lease.store';
import { MembershipStore } from '../../src/state/membership.store';
import { MemoryPresenceStore } from '../../src/state/memory/presence.memory.store';
import { NodeInbox } from '../../src/state/node-inbox.store';
import { NodeRegistryStore } from '../../src/state/node-registry.store';
import { PresenceStore } from '../../src/state/presence.store';
import { RateLimitStore } from '../../src/state/rate-limit.store';
import { RedisPresenceStore } from '../../src/state/redis/presence.redis.store';
import { RedisConnections } from '../../src/state/redis/redis-connections';
import { isCluster } from '../../src/state/redis/redis-support';
import { StateHealth } from '../../src/state/state-health';
import { StateModule } from '../../src/state/state.module';
import { redisClusterSeeds } from '../utils/redis-cluster';

const REDIS_URL = process.env.STATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const PORTS = [PresenceStore, MembershipStore, NodeInbox, NodeRegistryStore, LeaseStore, RateLimitStore, StateHealth];

/** The module as the application builds it: from an AppConfig, which ConfigModule also provides. */
const build = (env: Record<string, string>): Promise<TestingModule> => {
  const config = loadConfig(env);
  return Test.createTestingModule({ imports: [ConfigModule.forRoot(config), StateModule.forRoot(config)] }).compile();
};

/** Copies bytes one way until frozen, then swallows them, keeping the sockets open. */
function forward(from: Socket, to: Socket, frozen: () => boolean): void {
  from.on('data', (chunk: Buffer) => {
    if (!frozen()) {
      to.write(chunk);
    }
  });
  from.on('error', () => undefined);
  from.on('close', () => to.destroy());
}

/** A TCP forwarder to Redis that can make it hang: connected, but never answering again. */
async function freezingProxy(target: string): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const { hostname, port } = new URL(target);
  const server = createServer((client) => {
    const upstream = connect(Number(port || 6379), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    forward(client, upstream, () => frozen);
    forward(upstream, client, () => frozen);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the proxy has no TCP address');
  }
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('StateModule', () => {
  it('provides the in-process adapters without Redis, and no Redis connection at all', async () => {
    const app = await build({});
    for (const port of PORTS) {
      expect(app.get(port)).toBeInstanceOf(port);
    }
    expect(app.get(PresenceStore)).toBeInstanceOf(MemoryPresenceStore);
    expect(() => app.get(getRedisConnectionToken(), { strict: false })).toThrow();
    expect(() => app.get(RedisConnections, { strict: false })).toThrow();
    const health = app.get(StateHealth);
    expect(health.mode).toBe('memory');
    expect(await health.ping()).toBe('embedded');
    await app.close();
  });

  it('provides the Redis adapters with a redisUrl and closes the connections on shutdown', async () => {
    const app = await build({ REDIS_URL, REDIS_KEY_PREFIX: 'module-test:' });
    expect(app.get(PresenceStore)).toBeInstanceOf(RedisPresenceStore);
    const health = app.get(StateHealth);
    expect(health.mode).toBe('redis');
    expect(await health.ping()).toBe('up');

    const inbox = app.get(NodeInbox);
    const got: unknown[] = [];
    await inbox.subscribe('self', (msg) => got.push(msg));
    expect(await inbox.publish('self', { kind: 'hello' })).toBe(1);
    await app.get(LeaseStore).acquire('l', 'h', 1_000);
    expect(await app.get(LeaseStore).holder('l')).toBe('h');

    const { client, subscriber, publisher } = app.get(RedisConnections);
    await app.close();
    expect([client.status, subscriber.status, publisher.status]).toEqual(['end', 'end', 'end']);
  });

  it('builds cluster connections from REDIS_CLUSTER_NODES, shares state through them and closes them', async () => {
    const prefix = `module-test-${process.pid}:`;
    const app = await build({ REDIS_CLUSTER_NODES: redisClusterSeeds(), REDIS_KEY_PREFIX: prefix });
    const { client, subscriber, publisher } = app.get(RedisConnections);
    expect([client, subscriber, publisher].map((c) => c.isCluster)).toEqual([true, true, true]);
    expect(app.get(getRedisConnectionToken(), { strict: false })).toBe(client);
    expect(await app.get(StateHealth).ping()).toBe('up');

    const got: unknown[] = [];
    const inbox = app.get(NodeInbox);
    await inbox.subscribe('self', (msg) => got.push(msg));
    expect(await inbox.publish('self', { kind: 'hello' })).toBe(1);
    expect(await app.get(MembershipStore).join('s1', 'p1', 1_000)).toEqual({ alreadyMember: false });
    expect(await app.get(MembershipStore).members('s1')).toEqual(['p1']);
    await app.get(LeaseStore).acquire('l', 'h', 1_000);
    expect(await app.get(LeaseStore).holder('l')).toBe('h');

    await app.close();
    expect([subscriber.status, publisher.status]).toEqual(['end', 'end']);
    // RedisModule's own QUIT after ours marks an ended cluster client 'disconnecting' again (ioredis
    // sets that before looking); what matters is that no connection to any node is left.
    expect(isCluster(client) && client.nodes('all')).toEqual([]);
  });

  it('takes its command client from RedisModule, with the options the stores rely on', async () => {
    const app = await build({ REDIS_URL, REDIS_KEY_PREFIX: 'module-test:' });
    const { client, subscriber, publisher } = app.get(RedisConnections);
    expect(app.get(getRedisConnectionToken(), { strict: false })).toBe(client);
    expect(client.options).toMatchObject({ lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    // The adapters prefix keys and channels themselves; a client prefix would apply it twice.
    expect(client.options.keyPrefix ?? '').toBe('');
    expect(subscriber.options).toMatchObject({ maxRetriesPerRequest: 1, enableOfflineQueue: true });
    expect(publisher.options).toMatchObject({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
    await app.get(LeaseStore).acquire('prefixed', 'h', 1_000);
    expect(await client.exists('module-test:lease:prefixed')).toBe(1);
    await app.close();
  });

  it('boots while Redis is down, fails calls fast and reports the outage', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const app = await build({ REDIS_URL: 'redis://127.0.0.1:1' });
      const started = Date.now();
      await expect(app.get(PresenceStore).get('p1')).rejects.toThrow();
      await expect(app.get(StateHealth).ping()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(logged).toHaveBeenCalled();
      await app.close();
    } finally {
      logged.mockRestore();
    }
  });

  it('boots while the Redis Cluster is unreachable, fails calls fast and names the cluster', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const app = await build({ REDIS_CLUSTER_NODES: '127.0.0.1:1' });
      const started = Date.now();
      await expect(app.get(PresenceStore).get('p1')).rejects.toThrow();
      await expect(app.get(StateHealth).ping()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(String(logged.mock.calls[0]?.[0])).toContain('Redis Cluster at 127.0.0.1:1 is unreachable');
      await app.close();
    } finally {
      logged.mockRestore();
    }
  });

  it('shuts down within its bounded QUIT when Redis stops answering', async () => {
    const proxy = await freezingProxy(REDIS_URL);
    try {
      const app = await build({ REDIS_URL: proxy.url });
      expect(await app.get(StateHealth).ping()).toBe('up');
      const { client, subscriber, publisher } = app.get(RedisConnections);
      proxy.freeze();
      const started = Date.now();
      await app.close();
      // One QUIT timeout (1 s) and the wait for the socket to end, not a QUIT that waits for ever.
      expect(Date.now() - started).toBeLessThan(3_000);
      expect([client.status, subscriber.status, publisher.status]).toEqual(['end', 'end', 'end']);
    } finally {
      await proxy.close();
    }
  });
});
