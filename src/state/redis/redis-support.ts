import type Redis from 'ioredis';

export const DEFAULT_KEY_PREFIX = 'p2pc:';

/**
 * Options shared by the Redis adapters. The prefix is applied by the adapters themselves
 * (not by ioredis' own `keyPrefix` option) so that it also covers pub/sub channels and
 * keys that Lua scripts derive at run time. Pass a client without its own `keyPrefix`.
 */
export interface RedisStoreOptions {
  keyPrefix?: string;
  /**
   * Names the deployment on pub/sub channels; unset, the database number of the connection does
   * (see channelPrefix).
   */
  channelScope?: string;
}

export function resolvePrefix(options?: RedisStoreOptions): string {
  return options?.keyPrefix ?? DEFAULT_KEY_PREFIX;
}

/**
 * The prefix of every pub/sub channel: `<keyPrefix>{<scope>}:`, the scope being `db<N>` (the
 * connection's database number) unless a deployment name is given. Keys are kept apart by the
 * database number, but Redis pub/sub ignores it: two deployments on one server with different
 * databases and the same key prefix (staging and production) would otherwise hear each other's
 * node messages and count each other's subscribers.
 */
export function channelPrefix(options: RedisStoreOptions | undefined, db: number | undefined): string {
  const scope = options?.channelScope ?? `db${db ?? 0}`;
  return `${resolvePrefix(options)}{${scope}}:`;
}

export type LuaArg = string | number;
export type LuaScript<T> = (keys: readonly string[], args: readonly LuaArg[]) => Promise<T>;

type ScriptMethod = (numKeys: number, ...rest: LuaArg[]) => Promise<unknown>;

/**
 * Registers a Lua script on the client via `defineCommand`, which sends EVALSHA and
 * falls back to EVAL when the server does not know the script yet. Several adapters
 * share one client, so each script gets a distinct command name; redefining the same
 * name (a second adapter instance) is harmless because the body is identical.
 */
export function defineScript<T>(redis: Redis, name: string, lua: string): LuaScript<T> {
  const command = `p2pcState_${name}`;
  redis.defineCommand(command, { lua });
  const method = (redis as unknown as Record<string, ScriptMethod>)[command];
  return async (keys, args) => (await method.call(redis, keys.length, ...keys, ...args)) as T;
}

/**
 * Lua prelude giving scripts the Redis server clock in ms. Expiry scores use the server
 * clock rather than each node's, so clock skew between nodes cannot make a live entry
 * look expired.
 */
export const LUA_NOW_MS = `
local __t = redis.call('TIME')
local now = tonumber(__t[1]) * 1000 + math.floor(tonumber(__t[2]) / 1000)
`;

/** Lua helper: extend a key's TTL to at least `ttl` ms without ever shortening it. */
export const LUA_EXTEND_TTL = `
local function extendTtl(key, ttl)
  local current = redis.call('PTTL', key)
  if current == -2 then return end
  if current < ttl then redis.call('PEXPIRE', key, ttl) end
end
`;

/**
 * Multi-key scripts over thousands of peers would block Redis for the whole batch,
 * so callers split them; the chunks are sent back to back on one connection.
 */
export const SCRIPT_CHUNK = 500;

export function chunk<T>(items: readonly T[], size = SCRIPT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
