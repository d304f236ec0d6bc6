import { SeatHold, SeatHoldStore } from '../seat-hold.store';
import { defineScript, groupPrefix, LuaScript, RedisClient, RedisStoreOptions } from './redis-support';

// KEYS[1] = deadlines (zset peer → deadline), KEYS[2] = seats (hash peer → session);
// ARGV[1] = peer, ARGV[2] = session, ARGV[3] = deadline
const HOLD = `
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] and redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`;

// ARGV[1] = peer
const RELEASE = `
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])`;

// ARGV[1] = now, ARGV[2] = limit; returns a flat list peer, session, deadline, …
const TAKE_EXPIRED = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for i = 1, #due, 2 do
  local peer = due[i]
  redis.call('ZREM', KEYS[1], peer)
  out[#out + 1] = peer
  out[#out + 1] = redis.call('HGET', KEYS[2], peer) or ''
  out[#out + 1] = due[i + 1]
  redis.call('HDEL', KEYS[2], peer)
end
return out`;

/**
 * Holds are a sorted set of peers by deadline and a hash of their sessions, under one hash tag on a
 * cluster (`{grace}`), so each script is one atomic step on one shard: a hold taken by one node's
 * sweep is never taken by another's.
 */
export class RedisSeatHoldStore extends SeatHoldStore {
  private readonly keys: [string, string];
  private readonly holdScript: LuaScript<number>;
  private readonly releaseScript: LuaScript<number>;
  private readonly takeScript: LuaScript<string[]>;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    const prefix = groupPrefix(options, 'grace');
    this.keys = [`${prefix}grace:deadlines`, `${prefix}grace:seats`];
    this.holdScript = defineScript(redis, 'seatHold', HOLD);
    this.releaseScript = defineScript(redis, 'seatRelease', RELEASE);
    this.takeScript = defineScript(redis, 'seatTakeExpired', TAKE_EXPIRED);
  }

  async hold(peerId: string, sessionId: string, deadline: number): Promise<void> {
    await this.holdScript(this.keys, [peerId, sessionId, Math.round(deadline)]);
  }

  async release(peerId: string): Promise<boolean> {
    return (await this.releaseScript(this.keys, [peerId])) === 1;
  }

  async takeExpired(now: number, limit: number): Promise<SeatHold[]> {
    const flat = await this.takeScript(this.keys, [Math.floor(now), limit]);
    const holds: SeatHold[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      if (flat[i + 1] !== '') {
        holds.push({ peerId: flat[i], sessionId: flat[i + 1], deadline: Number(flat[i + 2]) });
      }
    }
    return holds;
  }

  async count(): Promise<number> {
    return this.redis.zcard(this.keys[0]);
  }
}
