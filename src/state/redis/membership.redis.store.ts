import { JoinResult, MembershipStore, SessionLeave } from '../membership.store';
import { assertTtl } from '../state.validation';
import {
  chunk,
  defineScript,
  groupPrefix,
  LUA_EXTEND_TTL,
  LUA_NOW_MS,
  LuaScript,
  RedisClient,
  RedisStoreOptions,
} from './redis-support';

/*
 * Layout (all under the key prefix; on a cluster under `<prefix>{membership}:`, one hash slot, since
 * a join moves a peer between two sessions and updates the index in one script):
 *   member:<peerId>   string, the peer's session id      TTL = the peer's own TTL
 *   session:<id>      set of peer ids                     TTL = longest member TTL
 *   sessions          zset session id → expiry (server ms) TTL = longest session TTL
 * The zset lets countSessions() answer without SCAN. Scripts derive member/session keys
 * from prefixes passed in ARGV; on a cluster that is allowed because they share the slot of KEYS[1].
 *
 * Common arguments: KEYS[1] = sessions zset, ARGV[1] = member key prefix, ARGV[2] = session key prefix.
 */
const LIB = `${LUA_NOW_MS}${LUA_EXTEND_TTL}
local index, peerPrefix, setPrefix = KEYS[1], ARGV[1], ARGV[2]

local function touchSession(sid, ttl)
  extendTtl(setPrefix .. sid, ttl)
  redis.call('ZADD', index, 'GT', now + ttl, sid)
  extendTtl(index, ttl)
end

-- Drops members whose own membership expired or moved, deletes the set when empty,
-- and returns the members that are really still in the session.
local function pruneSession(sid)
  local setKey = setPrefix .. sid
  local live = {}
  for _, peer in ipairs(redis.call('SMEMBERS', setKey)) do
    if redis.call('GET', peerPrefix .. peer) == sid then
      live[#live + 1] = peer
    else
      redis.call('SREM', setKey, peer)
    end
  end
  if #live == 0 then
    redis.call('DEL', setKey)
    redis.call('ZREM', index, sid)
  end
  return live
end
`;

// KEYS[2] = member key; ARGV[3] = session id, ARGV[4] = peer id, ARGV[5] = ttl
const JOIN_BODY = `
local sid, peer, ttl = ARGV[3], ARGV[4], tonumber(ARGV[5])
local prev = redis.call('GET', KEYS[2])
if prev and prev ~= sid then
  redis.call('SREM', setPrefix .. prev, peer)
  pruneSession(prev)
end
redis.call('SADD', setPrefix .. sid, peer)
redis.call('SET', KEYS[2], sid, 'PX', ttl)
redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
touchSession(sid, ttl)
local already = 0
if prev == sid then prev = nil; already = 1 end`;

const JOIN = `${LIB}${JOIN_BODY}
return {prev or '', already}`;

// As JOIN, then the session's live members (as MEMBERS), in one round trip.
const JOIN_AND_LIST = `${LIB}${JOIN_BODY}
return {prev or '', already, pruneSession(sid)}`;

// KEYS[2] = member key; ARGV[3] = peer id, ARGV[4] = expected session id or ''
const LEAVE = `${LIB}
local current = redis.call('GET', KEYS[2])
local expected = ARGV[4]
if expected ~= '' and current ~= expected then
  if not current then pruneSession(expected) end
  return false
end
if not current then return false end
redis.call('DEL', KEYS[2])
redis.call('SREM', setPrefix .. current, ARGV[3])
pruneSession(current)
return current`;

// KEYS[2..] = member keys; ARGV[3 + 2(i-1)], ARGV[4 + 2(i-1)] = peer id and expected session id of
// KEYS[i + 1]. LEAVE for each (the session named, never another), each touched session pruned
// once at the end. Returns the session left per key, false where the peer was not in it.
const LEAVE_MANY = `${LIB}
local left, touched = {}, {}
for i = 2, #KEYS do
  local peer, expected = ARGV[2 * i - 1], ARGV[2 * i]
  local current = redis.call('GET', KEYS[i])
  touched[expected] = true
  if current == expected then
    redis.call('DEL', KEYS[i])
    redis.call('SREM', setPrefix .. current, peer)
    left[i - 1] = current
  else
    left[i - 1] = false
  end
end
for sid in pairs(touched) do pruneSession(sid) end
return left`;

// ARGV[3] = session id
const MEMBERS = `${LIB}
return pruneSession(ARGV[3])`;

// KEYS[2..] = member keys; ARGV[3] = ttl
const REFRESH = `${LIB}
local ttl = tonumber(ARGV[3])
local touched, count = {}, 0
for i = 2, #KEYS do
  local sid = redis.call('GET', KEYS[i])
  if sid then
    redis.call('PEXPIRE', KEYS[i], ttl)
    -- re-adding is a no-op normally, and heals a set that was lost
    redis.call('SADD', setPrefix .. sid, string.sub(KEYS[i], #peerPrefix + 1))
    touched[sid] = true
    count = count + 1
  end
end
redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
for sid in pairs(touched) do touchSession(sid, ttl) end
return count`;

const COUNT = `${LUA_NOW_MS}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

export class RedisMembershipStore extends MembershipStore {
  private readonly indexKey: string;
  private readonly peerPrefix: string;
  private readonly setPrefix: string;
  private readonly joinScript: LuaScript<[string, number]>;
  private readonly joinAndListScript: LuaScript<[string, number, string[]]>;
  private readonly leaveScript: LuaScript<string | null>;
  private readonly leaveManyScript: LuaScript<(string | null)[]>;
  private readonly membersScript: LuaScript<string[]>;
  private readonly refreshScript: LuaScript<number>;
  private readonly countScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    const prefix = groupPrefix(options, 'membership');
    this.indexKey = `${prefix}sessions`;
    this.peerPrefix = `${prefix}member:`;
    this.setPrefix = `${prefix}session:`;
    this.joinScript = defineScript(redis, 'membershipJoin', JOIN);
    this.joinAndListScript = defineScript(redis, 'membershipJoinAndList', JOIN_AND_LIST);
    this.leaveScript = defineScript(redis, 'membershipLeave', LEAVE);
    this.leaveManyScript = defineScript(redis, 'membershipLeaveMany', LEAVE_MANY);
    this.membersScript = defineScript(redis, 'membershipMembers', MEMBERS);
    this.refreshScript = defineScript(redis, 'membershipRefresh', REFRESH);
    this.countScript = defineScript(redis, 'membershipCount', COUNT);
  }

  async join(sessionId: string, peerId: string, ttlMs: number): Promise<JoinResult> {
    assertTtl(ttlMs);
    const [prev, already] = await this.joinScript(
      [this.indexKey, this.peerPrefix + peerId],
      [...this.prefixes(), sessionId, peerId, ttlMs],
    );
    return prev ? { previousSessionId: prev, alreadyMember: already === 1 } : { alreadyMember: already === 1 };
  }

  override async joinAndList(
    sessionId: string,
    peerId: string,
    ttlMs: number,
  ): Promise<JoinResult & { members: string[] }> {
    assertTtl(ttlMs);
    const [prev, already, members] = await this.joinAndListScript(
      [this.indexKey, this.peerPrefix + peerId],
      [...this.prefixes(), sessionId, peerId, ttlMs],
    );
    const result: JoinResult & { members: string[] } = { alreadyMember: already === 1, members: members.sort() };
    if (prev) {
      result.previousSessionId = prev;
    }
    return result;
  }

  async leave(peerId: string, sessionId?: string): Promise<string | null> {
    return this.leaveScript([this.indexKey, this.peerPrefix + peerId], [...this.prefixes(), peerId, sessionId ?? '']);
  }

  override async leaveMany(leaves: readonly SessionLeave[]): Promise<(string | null)[]> {
    // The membership keys share one slot on a cluster, so a chunk is one script there too.
    const results = await Promise.all(
      chunk(leaves).map((batch) =>
        this.leaveManyScript(
          [this.indexKey, ...batch.map(({ peerId }) => this.peerPrefix + peerId)],
          [...this.prefixes(), ...batch.flatMap(({ peerId, sessionId }) => [peerId, sessionId])],
        ),
      ),
    );
    return results.flat().map((left) => left ?? null);
  }

  async members(sessionId: string): Promise<string[]> {
    return (await this.membersScript([this.indexKey], [...this.prefixes(), sessionId])).sort();
  }

  async sessionOf(peerId: string): Promise<string | null> {
    return this.redis.get(this.peerPrefix + peerId);
  }

  async refresh(peerIds: readonly string[], ttlMs: number): Promise<number> {
    assertTtl(ttlMs);
    const counts = await Promise.all(
      chunk(peerIds).map((batch) =>
        this.refreshScript([this.indexKey, ...batch.map((id) => this.peerPrefix + id)], [...this.prefixes(), ttlMs]),
      ),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async countSessions(): Promise<number> {
    return this.countScript([this.indexKey], []);
  }

  private prefixes(): [string, string] {
    return [this.peerPrefix, this.setPrefix];
  }
}
