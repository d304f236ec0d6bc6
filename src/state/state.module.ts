import { DynamicModule, Module } from '@nestjs/common';
import { LeaseStore } from './lease.store';
import { MembershipStore } from './membership.store';
import { memoryStateProviders } from './memory/memory.providers';
import { NodeInbox } from './node-inbox.store';
import { NodeRegistryStore } from './node-registry.store';
import { PresenceStore } from './presence.store';
import { RateLimitStore } from './rate-limit.store';
import { redisStateProviders } from './redis/redis.providers';
import { resolvePrefix } from './redis/redis-support';
import { StateHealth } from './state-health';
import { TokenStore } from './token.store';

export interface StateModuleOptions {
  /** e.g. `redis://host:6379/0`. Without it the node keeps all live state in process. */
  redisUrl?: string;
  /** Namespace for every Redis key and channel; defaults to `p2pc:`. */
  keyPrefix?: string;
}

/**
 * Live state shared by coordinator nodes. With Redis, any number of identical nodes can
 * share it; without, a single node runs in-process adapters with the same behaviour.
 * Consumers inject the abstract ports, never an adapter.
 */
@Module({})
export class StateModule {
  static forRoot(options: StateModuleOptions = {}): DynamicModule {
    const providers = options.redisUrl
      ? redisStateProviders(options.redisUrl, { keyPrefix: resolvePrefix(options) })
      : memoryStateProviders();
    return {
      module: StateModule,
      global: true,
      providers,
      exports: [PresenceStore, MembershipStore, NodeRegistryStore, NodeInbox, LeaseStore, RateLimitStore, StateHealth, TokenStore],
    };
  }
}
