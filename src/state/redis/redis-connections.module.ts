import { Global, Module } from '@nestjs/common';
import { getRedisConnectionToken } from '@nestjs-modules/ioredis';
import { AppConfig } from '../../config/app-config';
import { RedisConnections, RedisOutageLog } from './redis-connections';
import type { RedisClient } from './redis-support';

/**
 * The Redis connections of the live-state stores, around the command client `RedisModule` provides.
 *
 * Global modules shut down last, in the reverse of the order Nest added them. This one is imported
 * only through RedisModule's options, so it is added after RedisModule's global core module and shuts
 * down before it: RedisConnections closes every connection with a bounded QUIT first, and RedisModule's
 * own QUIT of the command client, which has no bound, then finds it closed. Being global also lets the
 * StateModule's stores inject RedisConnections without importing this module (which would change
 * that order). test/integration/state-module.int-spec.ts checks it with a Redis that stops answering.
 */
@Global()
@Module({
  providers: [
    // Factories rather than `useClass`, as for the stores: Nest never injects constructor parameters.
    {
      provide: RedisOutageLog,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new RedisOutageLog(config.redis.url, config.redis.clusterNodes),
    },
    {
      provide: RedisConnections,
      inject: [getRedisConnectionToken(), RedisOutageLog],
      useFactory: async (client: RedisClient, outages: RedisOutageLog): Promise<RedisConnections> => {
        const connections = new RedisConnections(client, outages);
        await connections.firstConnect();
        return connections;
      },
    },
  ],
  exports: [RedisOutageLog, RedisConnections],
})
export class RedisConnectionsModule {}
