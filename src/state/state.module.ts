import { DynamicModule, Module } from '@nestjs/common';
import { RedisModule } from '@nestjs-modules/ioredis';
import { AppConfig } from '../config/app-config';
import { usesRedis } from '../config/deployment-mode';
import { LeaseStore } from './lease.store';
import { MembershipStore } from './membership.store';
import { memoryStateProviders } from './memory/memory.providers';
import { NodeInbox } from './node-inbox.store';
import { NodeRegistryStore } from './node-registry.store';
import { PresenceStore } from './presence.store';
import { RateLimitStore } from './rate-limit.store';
import { SeatHoldStore } from './seat-hold.store';
import { commandClientOptions, RedisOutageLog } from './redis/redis-connections';
import { RedisConnectionsModule } from './redis/redis-connections.module';
import { redisStateProviders } from './redis/redis.providers';
import { StateHealth } from './state-health';
import { MovementStore } from './movement.store';
import { TokenStore } from './token.store';

const PORTS = [
  PresenceStore,
  MembershipStore,
  NodeRegistryStore,
  NodeInbox,
  LeaseStore,
  RateLimitStore,
  StateHealth,
  TokenStore,
  MovementStore,
  SeatHoldStore,
];

/**
 * Live state shared by coordinator nodes. With Redis (`redis.url`, or a Redis Cluster:
 * `redis.clusterNodes`), any number of identical nodes can
 * share it; without, a single node runs in-process adapters with the same behaviour and opens no
 * Redis connection at all (RedisModule is not even imported). Consumers inject the abstract ports,
 * never an adapter.
 *
 * `config` decides which of the two is built; the Redis connection itself is configured from the
 * AppConfig provider (ConfigModule), the same object in the application.
 */
@Module({})
export class StateModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!usesRedis(config)) {
      return { module: StateModule, global: true, providers: memoryStateProviders(), exports: PORTS };
    }
    return {
      module: StateModule,
      global: true,
      // RedisConnectionsModule (global: the stores see RedisConnections without importing it) comes in
      // through RedisModule's options only. Imported here as well, Nest could add it before
      // RedisModule's own module and run their shutdown hooks in the wrong order (see there).
      imports: [
        RedisModule.forRootAsync({
          imports: [RedisConnectionsModule],
          inject: [AppConfig, RedisOutageLog],
          useFactory: (appConfig: AppConfig, outages: RedisOutageLog) => {
            if (!usesRedis(appConfig)) {
              throw new Error('StateModule was built for Redis, but the AppConfig provided has no Redis');
            }
            return commandClientOptions(appConfig.redis, outages);
          },
        }),
      ],
      providers: redisStateProviders(),
      exports: PORTS,
    };
  }
}
