import { LeaseStore } from '../lease.store';
import { assertTtl } from '../state.validation';
import { defineScript, LuaScript, RedisClient, RedisStoreOptions, resolvePrefix } from './redis-support';

// KEYS[1] = lease key; ARGV[1] = holder, ARGV[2] = ttl
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

/** A lease is the string `<prefix>lease:<name>` holding the holder id, with the lease TTL. */
export class RedisLeaseStore extends LeaseStore {
  private readonly prefix: string;
  private readonly acquireScript: LuaScript<number>;
  private readonly renewScript: LuaScript<number>;
  private readonly releaseScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    this.prefix = `${resolvePrefix(options)}lease:`;
    this.acquireScript = defineScript(redis, 'leaseAcquire', ACQUIRE);
    this.renewScript = defineScript(redis, 'leaseRenew', RENEW);
    this.releaseScript = defineScript(redis, 'leaseRelease', RELEASE);
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return (await this.acquireScript([this.prefix + name], [holder, ttlMs])) === 1;
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return (await this.renewScript([this.prefix + name], [holder, ttlMs])) === 1;
  }

  async release(name: string, holder: string): Promise<boolean> {
    return (await this.releaseScript([this.prefix + name], [holder])) === 1;
  }

  async holder(name: string): Promise<string | null> {
    return this.redis.get(this.prefix + name);
  }
}
