import type Redis from 'ioredis';
import { MovementStore } from '../movement.store';
import { assertTtl } from '../state.validation';
import { RedisStoreOptions, resolvePrefix } from './redis-support';

/** One string per peer under `<prefix>move:<peer>`, written in one pipeline per batch. */
export class RedisMovementStore extends MovementStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
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
    if (peerIds.length === 0) {
      return found;
    }
    const values = await this.redis.mget(peerIds.map((peerId) => this.prefix + peerId));
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
    const commands = [...records].map(([peerId, record]) => ['set', this.prefix + peerId, record, 'PX', String(ttlMs)]);
    const replies = await this.redis.pipeline(commands).exec();
    const failed = replies?.find(([error]) => error);
    if (failed?.[0]) {
      throw failed[0];
    }
  }
}
