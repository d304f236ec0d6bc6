import { Provider } from '@nestjs/common';
import { LeaseStore } from '../lease.store';
import { MembershipStore } from '../membership.store';
import { NodeInbox } from '../node-inbox.store';
import { NodeRegistryStore } from '../node-registry.store';
import { PresenceStore } from '../presence.store';
import { RateLimitStore } from '../rate-limit.store';
import { StateHealth } from '../state-health';
import { TokenStore } from '../token.store';
import { RedisLeaseStore } from './lease.redis.store';
import { RedisMembershipStore } from './membership.redis.store';
import { RedisNodeInbox } from './node-inbox.redis.store';
import { RedisNodeRegistryStore } from './node-registry.redis.store';
import { RedisPresenceStore } from './presence.redis.store';
import { RedisRateLimitStore } from './rate-limit.redis.store';
import { RedisConnections } from './redis-connections';
import { RedisTokenStore } from './token.redis.store';
import { RedisStoreOptions } from './redis-support';

/** All stores share one command client; the inbox publishes and subscribes on connections of its own. */
export function redisStateProviders(redisUrl: string, options: RedisStoreOptions): Provider[] {
  const inject = [RedisConnections];
  return [
    {
      provide: RedisConnections,
      useFactory: async () => {
        const connections = new RedisConnections(redisUrl);
        await connections.firstConnect();
        return connections;
      },
    },
    { provide: PresenceStore, inject, useFactory: (c: RedisConnections) => new RedisPresenceStore(c.client, options) },
    {
      provide: MembershipStore,
      inject,
      useFactory: (c: RedisConnections) => new RedisMembershipStore(c.client, options),
    },
    {
      provide: NodeRegistryStore,
      inject,
      useFactory: (c: RedisConnections) => new RedisNodeRegistryStore(c.client, options),
    },
    {
      provide: NodeInbox,
      inject,
      useFactory: (c: RedisConnections) => new RedisNodeInbox(c.publisher, c.subscriber, options),
    },
    { provide: LeaseStore, inject, useFactory: (c: RedisConnections) => new RedisLeaseStore(c.client, options) },
    {
      provide: RateLimitStore,
      inject,
      useFactory: (c: RedisConnections) => new RedisRateLimitStore(c.client, options),
    },
    { provide: TokenStore, inject, useFactory: (c: RedisConnections) => new RedisTokenStore(c.client, options) },
    { provide: StateHealth, inject, useFactory: (c: RedisConnections) => new StateHealth('redis', c.client) },
  ];
}
