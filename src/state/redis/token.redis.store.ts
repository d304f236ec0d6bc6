import { assertTtl } from '../state.validation';
import { REVOKED, RotationResult, TokenLineage, TokenStore } from '../token.store';
import { defineScript, LuaScript, RedisClient, RedisStoreOptions, resolvePrefix } from './redis-support';

// KEYS[1] = family key; ARGV[1] = presented generation, ARGV[2] = ttl ms.
// A generation above the stored one (the record was lost, e.g. Redis restarted empty) is current:
// refusing it would lock out the honest holder of the newest token.
const ROTATE = `
local current = redis.call('GET', KEYS[1])
if current == '${REVOKED}' then return 'revoked' end
local presented = tonumber(ARGV[1])
if current and tonumber(current) > presented then
  redis.call('SET', KEYS[1], '${REVOKED}', 'PX', ARGV[2])
  return 'reused'
end
redis.call('SET', KEYS[1], presented + 1, 'PX', ARGV[2])
return 'rotated'`;

/** One string per family under `<prefix>tokfam:<family>`: the current generation, or `revoked`. */
export class RedisTokenStore extends TokenStore {
  private readonly prefix: string;
  private readonly rotateScript: LuaScript<RotationResult>;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    this.prefix = `${resolvePrefix(options)}tokfam:`;
    this.rotateScript = defineScript(redis, 'tokenRotate', ROTATE);
  }

  async isRevoked(token: TokenLineage): Promise<boolean> {
    const current = await this.redis.get(this.prefix + token.family);
    return current === REVOKED || (current !== null && Number(current) > token.generation);
  }

  async rotate(token: TokenLineage, ttlMs: number): Promise<RotationResult> {
    assertTtl(ttlMs);
    return await this.rotateScript([this.prefix + token.family], [token.generation, ttlMs]);
  }

  async revokeFamily(family: string, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    await this.redis.set(this.prefix + family, REVOKED, 'PX', ttlMs);
  }
}
