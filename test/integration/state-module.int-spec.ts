import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { LeaseStore } from '../../src/state/lease.store';
import { MembershipStore } from '../../src/state/membership.store';
import { MemoryPresenceStore } from '../../src/state/memory/presence.memory.store';
import { NodeInbox } from '../../src/state/node-inbox.store';
import { NodeRegistryStore } from '../../src/state/node-registry.store';
import { PresenceStore } from '../../src/state/presence.store';
import { RateLimitStore } from '../../src/state/rate-limit.store';
import { RedisPresenceStore } from '../../src/state/redis/presence.redis.store';
import { RedisConnections } from '../../src/state/redis/redis-connections';
import { StateHealth } from '../../src/state/state-health';
import { StateModule, StateModuleOptions } from '../../src/state/state.module';

const REDIS_URL = process.env.STATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const PORTS = [PresenceStore, MembershipStore, NodeRegistryStore, NodeInbox, LeaseStore, RateLimitStore, StateHealth];

const build = (options: StateModuleOptions): Promise<TestingModule> =>
  Test.createTestingModule({ imports: [StateModule.forRoot(options)] }).compile();

describe('StateModule', () => {
  it('provides the in-process adapters without Redis', async () => {
    const app = await build({});
    for (const port of PORTS) {
      expect(app.get(port)).toBeInstanceOf(port);
    }
    expect(app.get(PresenceStore)).toBeInstanceOf(MemoryPresenceStore);
    const health = app.get(StateHealth);
    expect(health.mode).toBe('memory');
    expect(await health.ping()).toBe('embedded');
    await app.close();
  });

  it('provides the Redis adapters with a redisUrl and closes the connections on shutdown', async () => {
    const app = await build({ redisUrl: REDIS_URL, keyPrefix: 'module-test:' });
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

    const { client, subscriber } = app.get(RedisConnections);
    await app.close();
    expect([client.status, subscriber.status]).toEqual(['end', 'end']);
  });

  it('boots while Redis is down, fails calls fast and reports the outage', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const app = await build({ redisUrl: 'redis://127.0.0.1:1' });
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
});
