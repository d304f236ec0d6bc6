/** One reconnect-storm run reduced to its figures (times in ms after the kill unless named otherwise). */
import { ascending, percentile } from '../lib/stats';
import { SeatSample, ZoneCheck } from './storm-db';
import { StormFleet, StormPeer } from './storm-peers';
import { StormSignals } from './storm-signals';

export interface Quantiles {
  p50: number;
  p99: number;
  max: number;
}

export interface StormSample {
  graceSeconds: number;
  peers: number;
  reconnecting: number;
  seatedPerSecond: number;
  /** sessions where every member lived on one node (the set-up wants none) */
  sessionsOnOneNode: number;
  /** kill → session_created on the survivor */
  createdMs: Quantiles;
  /** kill → a probe from a survivor-side member of its session arrived */
  backMs: Quantiles;
  backWithinGoal: number;
  neverBack: number;
  /** create_session sent → session_created, reconnect joins only */
  joinMs: Quantiles;
  /** kill → the last survivor-side member of its session heard peer_joined (peers whose members were told) */
  toldMs: Quantiles;
  /** peers whose survivor-side members all heard peer_joined, or heard nothing and kept it (seat kept) */
  membersConsistent: number;
  /** back, and its members consistent, within the goal */
  backAndToldWithinGoal: number;
  sameSession: number;
  /** reconnect attempts beyond the one each peer needs */
  extraAttempts: number;
  peerLeftNotices: number;
  peerJoinedNotices: number;
  live: { pairs: number; sent: number; delivered: number; lost: number; unsent: number; p99Ms: number };
  /** peers of the killed node that never came back; kill → their survivor-side members heard peer_left */
  absent: { peers: number; leftNoticeMs: Quantiles; notTold: number };
  /** up to 10 reconnecting peers that were not back, as the harness saw them */
  stragglers: Array<{ id: string; attempts: number; createdAt?: number; sessionAfter?: string; probeSenders: number }>;
  survivorDrops: number;
  errors: Record<string, number>;
  probesSent: number;
  /** kill → the survivor logged the dead node as gone (undefined: not seen in the run) */
  reapMs?: number;
  reapLine?: string;
  /** warnings and errors the survivor logged after the kill, and the first few */
  survivorComplaints: number;
  firstComplaints: string[];
  /** free seats in the old sessions just before and when each new session appeared (sampled every 100 ms) */
  seatSamples: SeatSample[];
  zone: ZoneCheck;
}

function quantiles(values: number[]): Quantiles {
  const sorted = ascending(values.filter((v) => Number.isFinite(v)));
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) };
}

/** When every survivor-side member of its session heard the peer rejoin; undefined if one did not. */
function toldAt(peer: StormPeer, fleet: StormFleet, signals: StormSignals): number | undefined {
  const told = fleet.joinedNotices.get(peer.id);
  const members = signals.survivorsOf(peer.sessionAfter ?? '');
  if (members.length === 0) {
    return undefined; // a session opened after the kill: none of its old members is in it to be told
  }
  let last = 0;
  for (const member of members) {
    const at = told?.get(member.id);
    if (at === undefined) {
      return undefined;
    }
    last = Math.max(last, at);
  }
  return last;
}

export interface RunFacts {
  graceSeconds: number;
  seatedPerSecond: number;
  goalMs: number;
  zone: ZoneCheck;
  seatSamples: SeatSample[];
  survivorLog: { reap?: { ms: number; line: string }; complaints: number; firstComplaints: string[] };
}

export function summarise(fleet: StormFleet, signals: StormSignals, facts: RunFacts): StormSample {
  const reconnecting = fleet.reconnecting;
  const bySession = new Map<string, Set<number>>();
  fleet.peers.forEach((p) =>
    bySession.set(p.sessionBefore ?? '', (bySession.get(p.sessionBefore ?? '') ?? new Set()).add(p.home)),
  );
  const told: number[] = [];
  let membersConsistent = 0;
  let backAndToldWithinGoal = 0;
  for (const peer of reconnecting) {
    const at = toldAt(peer, fleet, signals);
    const silentlyKept =
      !fleet.leftNotices.has(peer.id) && !fleet.joinedNotices.has(peer.id) && peer.sessionAfter === peer.sessionBefore;
    const consistentAt = at ?? (silentlyKept ? peer.createdAt : undefined);
    if (at !== undefined) {
      told.push(at);
    }
    if (consistentAt !== undefined) {
      membersConsistent += 1;
      const back = Math.max(consistentAt, peer.reachableAt ?? Number.POSITIVE_INFINITY);
      backAndToldWithinGoal += back <= facts.goalMs ? 1 : 0;
    }
  }
  const back = reconnecting.map((p) => p.reachableAt ?? Number.NaN);
  const liveLatencies = ascending(signals.liveLatencies);
  return {
    graceSeconds: facts.graceSeconds,
    peers: fleet.peers.length,
    reconnecting: reconnecting.length,
    seatedPerSecond: facts.seatedPerSecond,
    sessionsOnOneNode: [...bySession.values()].filter((homes) => homes.size < 2).length,
    createdMs: quantiles(reconnecting.map((p) => p.createdAt ?? Number.NaN)),
    backMs: quantiles(back),
    backWithinGoal: back.filter((ms) => ms <= facts.goalMs).length,
    neverBack: back.filter((ms) => Number.isNaN(ms)).length,
    joinMs: quantiles(reconnecting.map((p) => p.joinMs ?? Number.NaN)),
    toldMs: quantiles(told),
    membersConsistent,
    backAndToldWithinGoal,
    sameSession: reconnecting.filter((p) => p.sessionAfter === p.sessionBefore).length,
    extraAttempts: reconnecting.reduce((sum, p) => sum + Math.max(0, p.attempts - 2), 0),
    peerLeftNotices: fleet.peerLeft,
    peerJoinedNotices: fleet.peerJoined,
    live: {
      pairs: signals.livePairs,
      sent: signals.liveSent,
      delivered: signals.liveDelivered,
      lost: signals.liveSent - signals.liveDelivered,
      unsent: signals.liveUnsent,
      p99Ms: percentile(liveLatencies, 0.99),
    },
    absent: {
      peers: fleet.absent.length,
      leftNoticeMs: quantiles([...fleet.absentLeftAt.values()]),
      notTold: fleet.absent.filter((p) => !fleet.absentLeftAt.has(p.id)).length,
    },
    stragglers: reconnecting
      .filter((p) => p.reachableAt === undefined)
      .slice(0, 10)
      .map((p) => ({
        id: p.id,
        attempts: p.attempts,
        createdAt: p.createdAt,
        sessionAfter: p.sessionAfter,
        probeSenders: signals.survivorsOf(p.sessionAfter ?? '').length,
      })),
    survivorDrops: fleet.survivorDrops,
    errors: fleet.errors,
    probesSent: signals.probesSent,
    reapMs: facts.survivorLog.reap?.ms,
    reapLine: facts.survivorLog.reap?.line,
    survivorComplaints: facts.survivorLog.complaints,
    firstComplaints: facts.survivorLog.firstComplaints,
    seatSamples: facts.seatSamples,
    zone: facts.zone,
  };
}
