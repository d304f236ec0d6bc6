/**
 * What PostgreSQL holds for the storm's zone (p2p_sessions, session_players): which sessions are
 * open, their player counts and member rows, and where each peer is seated. Read before the kill and
 * after the storm has settled, and compared.
 */
import { Client } from 'pg';
import { databaseUrl } from '../lib/coordinator';
import { StormPeer, STORM_ZONE } from './storm-peers';

/** The statuses that take players (session-state.ts `acceptsPlayers`). */
const OPEN = ['pending', 'active', 'paused'];

export interface ZoneSnapshot {
  /** open session id → current_players as stored */
  players: Map<string, number>;
  /** open session id → its member rows */
  members: Map<string, number>;
  /** peer id → the open sessions it has a row in */
  seats: Map<string, string[]>;
  /** sessions of the zone in any status (a closed one still counts as created) */
  everCreated: number;
}

export async function snapshotZone(): Promise<ZoneSnapshot> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const sessions = await client.query<{ session_id: string; status: string; current_players: number; n: number }>(
      `SELECT s.session_id, s.status, s.current_players, count(sp.player_id)::int AS n
         FROM p2p_sessions s JOIN zones z ON z.id = s.zone_id
         LEFT JOIN session_players sp ON sp.session_id = s.id
        WHERE z.zone_id = $1 GROUP BY s.id`,
      [STORM_ZONE],
    );
    const seats = await client.query<{ player_id: string; sessions: string[] }>(
      `SELECT sp.player_id, array_agg(s.session_id) AS sessions
         FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id JOIN zones z ON z.id = s.zone_id
        WHERE z.zone_id = $1 AND s.status = ANY($2::text[]) GROUP BY sp.player_id`,
      [STORM_ZONE, OPEN],
    );
    const open = sessions.rows.filter((row) => OPEN.includes(row.status));
    return {
      players: new Map(open.map((row) => [row.session_id, row.current_players])),
      members: new Map(open.map((row) => [row.session_id, row.n])),
      seats: new Map(seats.rows.map((row) => [row.player_id, row.sessions])),
      everCreated: sessions.rows.length,
    };
  } finally {
    await client.end();
  }
}

export interface ZoneCheck {
  sessionsBefore: number;
  sessionsAfter: number;
  /** open before the kill, not after */
  sessionsLost: number;
  /** created after the kill */
  sessionsExtra: number;
  /** the open sessions created after the kill, with their member rows */
  newSessions: Array<{ sessionId: string; members: number }>;
  /** absent peers (never came back) still holding a seat */
  absentStillSeated: number;
  /** peers with exactly one seat (absent peers excluded) */
  peersSeatedOnce: number;
  peersWithoutSeat: number;
  peersInSeveral: number;
  /** sessions whose current_players differs from its member rows, or from the peers told they sit there */
  countsWrong: number;
  /** peers whose stored session is not the one their last session_created named */
  storedDiffersFromReply: number;
}

export function compareZone(before: ZoneSnapshot, after: ZoneSnapshot, peers: StormPeer[]): ZoneCheck {
  const told = new Map<string, number>();
  let storedDiffersFromReply = 0;
  let peersSeatedOnce = 0;
  let peersWithoutSeat = 0;
  let peersInSeveral = 0;
  let absentStillSeated = 0;
  for (const peer of peers) {
    if (peer.absent) {
      absentStillSeated += (after.seats.get(peer.id) ?? []).length > 0 ? 1 : 0;
      continue;
    }
    const last = peer.sessionAfter ?? peer.sessionBefore ?? '';
    told.set(last, (told.get(last) ?? 0) + 1);
    const seats = after.seats.get(peer.id) ?? [];
    peersSeatedOnce += seats.length === 1 ? 1 : 0;
    peersWithoutSeat += seats.length === 0 ? 1 : 0;
    peersInSeveral += seats.length > 1 ? 1 : 0;
    storedDiffersFromReply += seats.length === 1 && seats[0] === last ? 0 : 1;
  }
  let countsWrong = 0;
  for (const [session, players] of after.players) {
    countsWrong += players === after.members.get(session) && players === (told.get(session) ?? 0) ? 0 : 1;
  }
  const beforeIds = [...before.players.keys()];
  return {
    sessionsBefore: before.players.size,
    sessionsAfter: after.players.size,
    sessionsLost: beforeIds.filter((id) => !after.players.has(id)).length,
    sessionsExtra: after.everCreated - before.everCreated,
    newSessions: [...after.members]
      .filter(([id]) => !before.players.has(id))
      .map(([sessionId, members]) => ({ sessionId, members })),
    absentStillSeated,
    peersSeatedOnce,
    peersWithoutSeat,
    peersInSeveral,
    countsWrong,
    storedDiffersFromReply,
  };
}

/** Free seats in the sessions open before the kill, and the zone's open sessions, sampled over time. */
export interface SeatSample {
  ms: number;
  freeSeats: number;
  openSessions: number;
}

/**
 * Samples the zone every `everyMs` until stopped, so a session opened during the storm can be set
 * against the free seats the older sessions had just before it.
 */
export function watchSeats(
  before: ZoneSnapshot,
  since: () => number,
  everyMs = 100,
): { stop: () => Promise<SeatSample[]> } {
  const samples: SeatSample[] = [];
  const client = new Client({ connectionString: databaseUrl() });
  let running = true;
  const loop = (async (): Promise<void> => {
    await client.connect();
    try {
      await sample();
    } finally {
      await client.end();
    }
  })().catch(() => undefined); // a failed sampler only shortens the series
  async function sample(): Promise<void> {
    while (running) {
      const { rows } = await client.query<{ free: number; open: number }>(
        `SELECT coalesce(sum(s.max_players - s.current_players) FILTER (WHERE s.session_id = ANY($2::text[])), 0)::int AS free,
                count(*)::int AS open
           FROM p2p_sessions s JOIN zones z ON z.id = s.zone_id
          WHERE z.zone_id = $1 AND s.status = ANY($3::text[])`,
        [STORM_ZONE, [...before.players.keys()], OPEN],
      );
      samples.push({ ms: since(), freeSeats: rows[0].free, openSessions: rows[0].open });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}
