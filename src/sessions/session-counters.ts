import { holdsActiveSlot, SessionStatus } from './session-state';

/**
 * Pure arithmetic for the counters sessions keep on hosts and zones. Each lifecycle event becomes a
 * set of deltas, merged per row and sorted by primary key so every transaction locks host and zone
 * rows in the same order (no deadlocks between concurrent clean-ups and ends). The SQL applying them
 * clamps at zero, so a counter skewed by a host's own heartbeat never goes negative.
 */
export interface HostDelta {
  hostPk: number;
  /** change of `hosts.current_players` */
  players: number;
  /** change of `hosts.current_zones` (one per session the host serves) */
  sessions: number;
}

export interface ZoneDelta {
  zonePk: number;
  totalSessions: number;
  activeSessions: number;
  playersServed: number;
}

export interface CounterDeltas {
  hosts: HostDelta[];
  zones: ZoneDelta[];
}

/** What the counters need to know about a session that finishes (ended or failed). */
export interface ClosedSession {
  hostPk: number | null;
  zonePk: number;
  currentPlayers: number;
  previousStatus: SessionStatus;
}

export const NO_DELTAS: CounterDeltas = { hosts: [], zones: [] };

function mergeHosts(deltas: HostDelta[]): HostDelta[] {
  const byPk = new Map<number, HostDelta>();
  for (const delta of deltas) {
    const sum = byPk.get(delta.hostPk) ?? { hostPk: delta.hostPk, players: 0, sessions: 0 };
    sum.players += delta.players;
    sum.sessions += delta.sessions;
    byPk.set(delta.hostPk, sum);
  }
  return [...byPk.values()].filter((d) => d.players !== 0 || d.sessions !== 0).sort((a, b) => a.hostPk - b.hostPk);
}

function mergeZones(deltas: ZoneDelta[]): ZoneDelta[] {
  const byPk = new Map<number, ZoneDelta>();
  for (const delta of deltas) {
    const sum = byPk.get(delta.zonePk) ?? {
      zonePk: delta.zonePk,
      totalSessions: 0,
      activeSessions: 0,
      playersServed: 0,
    };
    sum.totalSessions += delta.totalSessions;
    sum.activeSessions += delta.activeSessions;
    sum.playersServed += delta.playersServed;
    byPk.set(delta.zonePk, sum);
  }
  return [...byPk.values()]
    .filter((d) => d.totalSessions !== 0 || d.activeSessions !== 0 || d.playersServed !== 0)
    .sort((a, b) => a.zonePk - b.zonePk);
}

export function mergeDeltas(hosts: HostDelta[], zones: ZoneDelta[]): CounterDeltas {
  return { hosts: mergeHosts(hosts), zones: mergeZones(zones) };
}

const zoneDelta = (zonePk: number, change: Partial<Omit<ZoneDelta, 'zonePk'>>): ZoneDelta => ({
  zonePk,
  totalSessions: 0,
  activeSessions: 0,
  playersServed: 0,
  ...change,
});

/** A new session: the host serves one more session and `players` more players. */
export function creationDeltas(hostPk: number | null, zonePk: number, players: number): CounterDeltas {
  const hosts = hostPk === null ? [] : [{ hostPk, players, sessions: 1 }];
  return mergeDeltas(hosts, [zoneDelta(zonePk, { totalSessions: 1, playersServed: players })]);
}

export function activationDeltas(zonePk: number): CounterDeltas {
  return mergeDeltas([], [zoneDelta(zonePk, { activeSessions: 1 })]);
}

/** A player joins a session: one more player on its host, one more player served by its zone. */
export function joinDeltas(hostPk: number | null, zonePk: number): CounterDeltas {
  const hosts = hostPk === null ? [] : [{ hostPk, players: 1, sessions: 0 }];
  return mergeDeltas(hosts, [zoneDelta(zonePk, { playersServed: 1 })]);
}

/** A player leaves sessions: its seat on each session's host is released. */
export function leaveDeltas(hostPks: (number | null)[]): CounterDeltas {
  const hosts = hostPks
    .filter((pk): pk is number => pk !== null)
    .map((hostPk) => ({ hostPk, players: -1, sessions: 0 }));
  return mergeDeltas(hosts, []);
}

/** The columns a closing UPDATE … RETURNING gives back (idle clean-up, empty ad-hoc sessions). */
export interface ClosedSessionRow {
  host_id: number | null;
  zone_id: number;
  current_players: number;
  previous_status: SessionStatus;
}

export const closedSessions = (rows: ClosedSessionRow[]): ClosedSession[] =>
  rows.map((r) => ({
    hostPk: r.host_id,
    zonePk: r.zone_id,
    currentPlayers: r.current_players,
    previousStatus: r.previous_status,
  }));

/** Sessions finish: their hosts get the players and the session slot back, zones lose active slots. */
export function releaseDeltas(closed: ClosedSession[]): CounterDeltas {
  const hosts = closed
    .filter((s) => s.hostPk !== null)
    .map((s) => ({ hostPk: s.hostPk as number, players: -s.currentPlayers, sessions: -1 }));
  const zones = closed
    .filter((s) => holdsActiveSlot(s.previousStatus))
    .map((s) => zoneDelta(s.zonePk, { activeSessions: -1 }));
  return mergeDeltas(hosts, zones);
}
