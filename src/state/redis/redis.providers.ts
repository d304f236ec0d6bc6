import { Provider } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LeaseStore } from '../lease.store';
import { MembershipStore } from '../membership.store';
import { NodeInbox } from '../node-inbox.store';
import { NodeRegistryStore } from '../node-registry.store';
import { PresenceStore } from '../presence.store';
import { RateLimitStore } from '../rate-limit.store';
import { SeatHoldStore } from '../seat-hold.store';
import { StateHealth } from '../state-health';
import { MovementStore } from '../movement.store';
import { TokenStore } from '../token.store';
import { RedisLeaseStore } from './lease.redis.store';
import { RedisMembershipStore } from './membership.redis.store';
import { RedisNodeInbox } from './node-inbox.redis.store';
import { RedisNodeRegistryStore } from './node-registry.redis.store';
import { RedisPresenceStore } from './presence.redis.store';
import { RedisRateLimitStore } from './rate-limit.redis.store';
import { RedisSeatHoldStore } from './seat-hold.redis.store';
import { RedisConnections } from './redis-connections';
import { RedisStoreOptions } from './redis-support';
import { RedisMovementStore } from './movement.redis.store';
import { RedisTokenStore } from './token.redis.store';

const inject = [RedisConnections, AppConfig];
const storeOptions = (config: AppConfig): RedisStoreOptions => ({
  keyPrefix: config.redis.keyPrefix,
  channelScope: config.redis.channelScope,
  cluster: Boolean(config.redis.clusterNodes?.length),
});

/** All stores share one command client; the inbox publishes and subscribes on connections of its own. */
export function redisStateProviders(): Provider[] {
  return [
    {
      provide: PresenceStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisPresenceStore(c.client, storeOptions(config)),
    },
    {
      provide: MembershipStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisMembershipStore(c.client, storeOptions(config)),
    },
    {
      provide: NodeRegistryStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) =>
        new RedisNodeRegistryStore(c.client, storeOptions(config)),
    },
    {
      provide: NodeInbox,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) =>
        new RedisNodeInbox(c.publisher, c.subscriber, storeOptions(config)),
    },
    {
      provide: LeaseStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisLeaseStore(c.client, storeOptions(config)),
    },
    {
      provide: RateLimitStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisRateLimitStore(c.client, storeOptions(config)),
    },
    {
      provide: TokenStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisTokenStore(c.client, storeOptions(config)),
    },
    {
      provide: MovementStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisMovementStore(c.client, storeOptions(config)),
    },
    {
      provide: SeatHoldStore,
      inject,
      useFactory: (c: RedisConnections, config: AppConfig) => new RedisSeatHoldStore(c.client, storeOptions(config)),
    },
    {
      provide: StateHealth,
      inject: [RedisConnections],
      useFactory: (c: RedisConnections) => new StateHealth('redis', c.client),
    },
  ];
}
