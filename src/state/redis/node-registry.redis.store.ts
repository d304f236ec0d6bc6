import { NodeBeat, NodeInfo, NodeRegistryStore } from '../node-registry.store';
import { assertTtl } from '../state.validation';
import {
  defineScript,
  groupPrefix,
  LUA_EXTEND_TTL,
  LUA_NOW_MS,
  LuaScript,
  RedisClient,
  RedisStoreOptions,
} from './redis-support';

/*
 * Layout: `nodes` is a zset of node id → expiry (Redis server clock, ms) and `nodes:info`
 * a hash of node id → JSON. A zset scored by expiry answers "who is alive" with one range
 * query, and dead entries are pruned from both keys whenever anyone beats or lists.
 * Both keys carry a TTL that every beat extends, so they vanish once all nodes are gone. On a
 * cluster both are under `<prefix>{nodes}:`, one hash slot, as the scripts and MULTI need.
 *
 * KEYS[1] = zset, KEYS[2] = hash in every script.
 */
const LIB = `${LUA_NOW_MS}${LUA_EXTEND_TTL}
local function prune()
  local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
  if #dead > 0 then
    redis.call('HDEL', KEYS[2], unpack(dead))
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  end
end
`;

// ARGV[1] = node id, ARGV[2] = JSON info, ARGV[3] = ttl
const BEAT = `${LIB}
local ttl = tonumber(ARGV[3])
prune()
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
extendTtl(KEYS[1], ttl)
extendTtl(KEYS[2], ttl)
return 1`;

const LIST = `${LIB}
prune()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))`;

// ARGV[1] = node id
const GET = `${LUA_NOW_MS}
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry or tonumber(expiry) <= now then return false end
return redis.call('HGET', KEYS[2], ARGV[1])`;

export class RedisNodeRegistryStore extends NodeRegistryStore {
  private readonly keys: [string, string];
  private readonly beatScript: LuaScript<number>;
  private readonly listScript: LuaScript<(string | null)[]>;
  private readonly getScript: LuaScript<string | null>;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    const prefix = groupPrefix(options, 'nodes');
    this.keys = [`${prefix}nodes`, `${prefix}nodes:info`];
    this.beatScript = defineScript(redis, 'nodesBeat', BEAT);
    this.listScript = defineScript(redis, 'nodesList', LIST);
    this.getScript = defineScript(redis, 'nodesGet', GET);
  }

  async beat(info: NodeBeat, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    const record: NodeInfo = { ...info, lastBeat: info.lastBeat ?? Date.now() };
    await this.beatScript(this.keys, [info.nodeId, JSON.stringify(record), ttlMs]);
  }

  async remove(nodeId: string): Promise<void> {
    await this.redis.multi().zrem(this.keys[0], nodeId).hdel(this.keys[1], nodeId).exec();
  }

  async list(): Promise<NodeInfo[]> {
    const raw = await this.listScript(this.keys, []);
    return raw
      .filter((v): v is string => v !== null)
      .map((v) => JSON.parse(v) as NodeInfo)
      .sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }

  async get(nodeId: string): Promise<NodeInfo | null> {
    const raw = await this.getScript(this.keys, [nodeId]);
    return raw === null ? null : (JSON.parse(raw) as NodeInfo);
  }
}
