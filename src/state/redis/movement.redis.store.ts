import { MovementStore } from '../movement.store';
import { assertTtl } from '../state.validation';
import { getMany, isCluster, RedisClient, RedisStoreOptions, resolvePrefix } from './redis-support';

/**
 * One string per peer under `<prefix>move:<peer>`, written in one pipeline per batch (on a cluster,
 * where a pipeline must stay on one shard, a SET per peer that auto-pipelining gathers per shard).
 */
export class RedisMovementStore extends MovementStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    this.prefix = `${resolvePrefix(options)}move:`;
  }

  async get(peerId: string): Promise<string | null> {
    return this.redis.get(this.prefix + peerId);
  }

  async getMany(peerIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const values = await getMany(
      this.redis,
      peerIds.map((peerId) => this.prefix + peerId),
    );
    values.forEach((value, i) => {
      if (value !== null) {
        found.set(peerIds[i], value);
      }
    });
    return found;
  }

  async putMany(records: ReadonlyMap<string, string>, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    if (records.size === 0) {
      return;
    }
    if (isCluster(this.redis)) {
      const cluster = this.redis;
      await Promise.all([...records].map(([peerId, record]) => cluster.set(this.prefix + peerId, record, 'PX', ttlMs)));
      return;
    }
    const commands = [...records].map(([peerId, record]) => ['set', this.prefix + peerId, record, 'PX', String(ttlMs)]);
    const replies = await this.redis.pipeline(commands).exec();
    const failed = replies?.find(([error]) => error);
    if (failed?.[0]) {
      throw failed[0];
    }
  }
}
