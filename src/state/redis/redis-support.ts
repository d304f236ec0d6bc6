import { createHash } from 'node:crypto';
import type { Cluster, default as Redis } from 'ioredis';

export const DEFAULT_KEY_PREFIX = 'p2pc:';

/** A connection to one Redis server or to a Redis Cluster; the stores speak both. */
export type RedisClient = Redis | Cluster;

export function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}

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
  /**
   * The client is a Redis Cluster: keys that one script or transaction touches together get a hash
   * tag (see groupPrefix), and channels carry no database number (there is none).
   */
  cluster?: boolean;
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
  if (options?.cluster) {
    // On a cluster the hash tag of a channel picks its shard (sharded pub/sub), so the scope is not
    // in braces: inbox channels put the node id there instead (see inboxChannel).
    return options.channelScope ? `${resolvePrefix(options)}${options.channelScope}:` : resolvePrefix(options);
  }
  const scope = options?.channelScope ?? `db${db ?? 0}`;
  return `${resolvePrefix(options)}{${scope}}:`;
}

/**
 * The prefix of keys that one Lua script or MULTI touches together (a group: `membership`,
 * `nodes`). Redis Cluster runs such a command only when every key is in one hash slot, so on a
 * cluster the group is the keys' hash tag: `<prefix>{<group>}:`. On one Redis the layout stays as
 * it was (`<prefix>`), so nodes of earlier releases keep reading the same keys.
 */
export function groupPrefix(options: RedisStoreOptions | undefined, group: string): string {
  return options?.cluster ? `${resolvePrefix(options)}{${group}}:` : resolvePrefix(options);
}

/**
 * MGET of keys that may sit in different slots. On one Redis, one MGET; on a cluster, where an MGET
 * must stay within one slot, a GET per key sent at once: the cluster client's auto-pipelining
 * gathers them into one write per shard.
 */
export async function getMany(redis: RedisClient, keys: readonly string[]): Promise<(string | null)[]> {
  if (keys.length === 0) {
    return [];
  }
  if (isCluster(redis)) {
    return Promise.all(keys.map((key) => redis.get(key)));
  }
  return redis.mget(keys as string[]);
}

export type LuaArg = string | number;
export type LuaScript<T> = (keys: readonly string[], args: readonly LuaArg[]) => Promise<T>;

type ScriptMethod = (numKeys: number, ...rest: LuaArg[]) => Promise<unknown>;

/**
 * On one Redis, registers a Lua script on the client via `defineCommand`, which sends EVALSHA and
 * falls back to EVAL when the server does not know the script yet. Several adapters
 * share one client, so each script gets a distinct command name; redefining the same
 * name (a second adapter instance) is harmless because the body is identical.
 */
export function defineScript<T>(redis: RedisClient, name: string, lua: string): LuaScript<T> {
  const command = `p2pcState_${name}`;
  if (isCluster(redis)) {
    return clusterScript(redis, lua);
  }
  redis.defineCommand(command, { lua });
  const method = (redis as unknown as Record<string, ScriptMethod>)[command];
  return async (keys, args) => (await method.call(redis, keys.length, ...keys, ...args)) as T;
}

/**
 * On a cluster the command client auto-pipelines, grouping commands by the shard of their first key.
 * It finds the key of EVALSHA (after the key count) but not of a `defineCommand` script, which it
 * would group by the slot of the key count and send to the wrong shard; and it builds a pipeline
 * with the scripts defined when the pipeline was made. So there scripts are plain EVALSHA, falling
 * back to EVAL (which also loads the script on that shard) when the shard does not know it yet.
 */
function clusterScript<T>(redis: Cluster, lua: string): LuaScript<T> {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (keys, args) => {
    try {
      return (await redis.evalsha(sha, keys.length, ...keys, ...args)) as T;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) {
        throw err;
      }
      return (await redis.eval(lua, keys.length, ...keys, ...args)) as T;
    }
  };
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
