import { RateLimitResult, RateLimitStore } from '../rate-limit.store';
import { assertTtl } from '../state.validation';
import { defineScript, LuaScript, RedisClient, RedisStoreOptions, resolvePrefix } from './redis-support';

// KEYS[1] = counter; ARGV[1] = window ms. Returns {count, ms until reset}.
// The TTL is (re)applied whenever it is missing, not only on the first hit, so a key
// can never be left counting forever (e.g. if a PERSIST or a restore stripped it).
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** Fixed window: one counter `<prefix>rl:<key>` that expires when the window ends. */
export class RedisRateLimitStore extends RateLimitStore {
  private readonly prefix: string;
  private readonly hitScript: LuaScript<[number, number]>;

  constructor(redis: RedisClient, options?: RedisStoreOptions) {
    super();
    this.prefix = `${resolvePrefix(options)}rl:`;
    this.hitScript = defineScript(redis, 'rateLimitHit', HIT);
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    assertTtl(windowMs, 'Rate-limit window');
    const [count, resetMs] = await this.hitScript([this.prefix + key], [windowMs]);
    return { allowed: count <= limit, count, remaining: Math.max(0, limit - count), resetMs };
  }
}
