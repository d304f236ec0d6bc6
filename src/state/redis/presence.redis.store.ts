import { AddressClaim, PeerRoute, PresenceStore, RouteOwner } from '../presence.store';
import { assertTtl } from '../state.validation';
import {
  chunk,
  defineScript,
  getMany,
  isCluster,
  LuaScript,
  RedisClient,
  RedisStoreOptions,
  resolvePrefix,
} from './redis-support';

/** Lua: true when the stored route's connId equals the given one. */
const LUA_OWNS = `
local function owns(raw, connId)
  if not raw then return false end
  local ok, route = pcall(cjson.decode, raw)
  return ok and type(route) == 'table' and route.connId == connId
end
`;

// KEYS[1] = route key; ARGV[1] = connId
const RELEASE = `${LUA_OWNS}
if owns(redis.call('GET', KEYS[1]), ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

// KEYS = route keys; ARGV[i] = connId expected for KEYS[i]. Returns 1 (deleted) or 0 per key.
const RELEASE_MANY = `${LUA_OWNS}
local released = {}
for i, key in ipairs(KEYS) do
  if owns(redis.call('GET', key), ARGV[i]) then
    redis.call('DEL', key)
    released[i] = 1
  else
    released[i] = 0
  end
end
return released`;

// KEYS = route keys; ARGV[1] = ttl, ARGV[1 + i] = connId expected for KEYS[i].
// Returns the 1-based indexes of keys that are not (or no longer) owned.
const REFRESH = `${LUA_OWNS}
local lost = {}
for i, key in ipairs(KEYS) do
  if owns(redis.call('GET', key), ARGV[i + 1]) then
    redis.call('PEXPIRE', key, ARGV[1])
  else
    lost[#lost + 1] = i
  end
end
return lost`;

// KEYS[1] = route key; ARGV[1] = route JSON, ARGV[2] = its address, ARGV[3] = ttl.
// Returns {1, previous or false} when claimed, {0, holder} when another address holds the peer.
const CLAIM_FROM = `
local raw = redis.call('GET', KEYS[1])
if raw then
  local ok, holder = pcall(cjson.decode, raw)
  if ok and type(holder) == 'table' and type(holder.address) == 'string' and holder.address ~= ARGV[2] then
    return {0, raw}
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return {1, raw}`;

/**
 * Routes are JSON strings under `<prefix>presence:<peerId>`, each with its own TTL. Peers' routes
 * carry no hash tag: on a cluster they spread over every shard, and a refresh runs its script once
 * per route there (one slot each) instead of once per 500.
 */
export class RedisPresenceStore extends PresenceStore {
  private readonly prefix: string;
  private readonly releaseScript: LuaScript<number>;
  private readonly releaseManyScript: LuaScript<number[]>;
  private readonly refreshScript: LuaScript<number[]>;
  private readonly claimFromScript: LuaScript<[number, string | null]>;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    this.prefix = `${resolvePrefix(options)}presence:`;
    this.releaseScript = defineScript(redis, 'presenceRelease', RELEASE);
    this.releaseManyScript = defineScript(redis, 'presenceReleaseMany', RELEASE_MANY);
    this.refreshScript = defineScript(redis, 'presenceRefresh', REFRESH);
    this.claimFromScript = defineScript(redis, 'presenceClaimFrom', CLAIM_FROM);
  }

  async claim(peerId: string, route: PeerRoute, ttlMs: number): Promise<PeerRoute | null> {
    assertTtl(ttlMs);
    // SET ... GET swaps the value and returns the old one in a single atomic command.
    const previous = await this.redis.set(this.key(peerId), JSON.stringify(route), 'PX', ttlMs, 'GET');
    return parseRoute(previous);
  }

  async claimFrom(peerId: string, route: PeerRoute & { address: string }, ttlMs: number): Promise<AddressClaim> {
    assertTtl(ttlMs);
    const [claimed, raw] = await this.claimFromScript(
      [this.key(peerId)],
      [JSON.stringify(route), route.address, ttlMs],
    );
    if (claimed === 1) {
      return { claimed: true, previous: parseRoute(raw ?? null) };
    }
    return { claimed: false, holder: parseRoute(raw)! };
  }

  async get(peerId: string): Promise<PeerRoute | null> {
    return parseRoute(await this.redis.get(this.key(peerId)));
  }

  async getMany(peerIds: readonly string[]): Promise<Map<string, PeerRoute>> {
    const routes = new Map<string, PeerRoute>();
    if (peerIds.length === 0) {
      return routes;
    }
    const values = await getMany(
      this.redis,
      peerIds.map((id) => this.key(id)),
    );
    peerIds.forEach((id, i) => {
      const route = parseRoute(values[i] ?? null);
      if (route) {
        routes.set(id, route);
      }
    });
    return routes;
  }

  async release(peerId: string, connId: string): Promise<boolean> {
    return (await this.releaseScript([this.key(peerId)], [connId])) === 1;
  }

  override async releaseMany(routes: readonly RouteOwner[]): Promise<boolean[]> {
    // As in refresh: one script per route on a cluster (the keys are in different slots).
    const batches = chunk(routes, isCluster(this.redis) ? 1 : undefined);
    const results = await Promise.all(
      batches.map((batch) =>
        this.releaseManyScript(
          batch.map(({ peerId }) => this.key(peerId)),
          batch.map(({ connId }) => connId),
        ),
      ),
    );
    return results.flat().map((released) => released === 1);
  }

  async refresh(owned: ReadonlyMap<string, string>, ttlMs: number): Promise<string[]> {
    assertTtl(ttlMs);
    // A script's keys must share a slot on a cluster, so there each route is a batch of its own; the
    // cluster client's auto-pipelining still sends them in one write per shard.
    const batches = chunk([...owned], isCluster(this.redis) ? 1 : undefined);
    const results = await Promise.all(
      batches.map((batch) =>
        this.refreshScript(
          batch.map(([peerId]) => this.key(peerId)),
          [ttlMs, ...batch.map(([, connId]) => connId)],
        ),
      ),
    );
    return results.flatMap((lost, b) => lost.map((i) => batches[b][i - 1][0]));
  }

  private key(peerId: string): string {
    return this.prefix + peerId;
  }
}

function parseRoute(raw: string | null): PeerRoute | null {
  return raw === null ? null : (JSON.parse(raw) as PeerRoute);
}
