/** Tables and goal checks for the reconnect-storm workload. */
import { table, WorkloadReport } from '../lib/report';
import { fmt } from '../lib/stats';
import { StormOptions, StormRow } from './storm';
import { Quantiles, StormSample } from './storm-sample';

const q = (x: Quantiles): string => `${fmt(x.p50)} / ${fmt(x.p99)} / ${fmt(x.max)}`;
const seconds = (ms: number | undefined): string => (ms === undefined ? 'not seen' : `${fmt(ms / 1000)} s`);

function each(rows: StormRow[]): Array<[number, number, StormSample]> {
  return rows.flatMap((row) =>
    row.samples.map((s, r) => [row.graceSeconds, r + 1, s] as [number, number, StormSample]),
  );
}

function stormTable(rows: StormRow[]): string {
  return table(
    [
      'grace s',
      'run',
      'reconnecting',
      'back ms p50 / p99 / max',
      'back ≤ goal',
      'reconnect join ms p50 / p99 / max',
      'same session',
      'members told or kept',
      'told ms p50 / p99 / max',
      'back and told ≤ goal',
      'peer_left / peer_joined at survivor members',
    ],
    each(rows).map(([grace, run, s]) => [
      String(grace),
      String(run),
      String(s.reconnecting),
      q(s.backMs),
      String(s.backWithinGoal),
      q(s.joinMs),
      String(s.sameSession),
      String(s.membersConsistent),
      q(s.toldMs),
      String(s.backAndToldWithinGoal),
      `${s.peerLeftNotices} / ${s.peerJoinedNotices}`,
    ]),
  );
}

function integrityTable(rows: StormRow[]): string {
  return table(
    [
      'grace s',
      'run',
      'live sent / delivered / lost',
      'live p99 ms',
      'sessions before / after / lost / extra',
      'peers seated once / nowhere / twice+',
      'sessions with wrong counts',
      'stored ≠ last reply',
      'survivor peers dropped',
      'errors',
      'dead node reaped after',
      'absent peers: members told ms p50 / max, not told, still seated',
    ],
    each(rows).map(([grace, run, s]) => [
      String(grace),
      String(run),
      `${s.live.sent} / ${s.live.delivered} / ${s.live.lost}`,
      fmt(s.live.p99Ms),
      `${s.zone.sessionsBefore} / ${s.zone.sessionsAfter} / ${s.zone.sessionsLost} / ${s.zone.sessionsExtra}`,
      `${s.zone.peersSeatedOnce} / ${s.zone.peersWithoutSeat} / ${s.zone.peersInSeveral}`,
      String(s.zone.countsWrong),
      String(s.zone.storedDiffersFromReply),
      String(s.survivorDrops),
      JSON.stringify(s.errors),
      seconds(s.reapMs),
      s.absent.peers === 0
        ? 'none'
        : `${s.absent.peers}: ${fmt(s.absent.leftNoticeMs.p50)} / ${fmt(s.absent.leftNoticeMs.max)}, ${s.absent.notTold}, ${s.zone.absentStillSeated}`,
    ]),
  );
}

function freeSeatsAtOpenings(rows: StormRow[]): string {
  const runs = each(rows)
    .filter(([, , s]) => s.zone.sessionsExtra > 0)
    .map(([grace, run, s]) => {
      const before = s.seatSamples.filter(
        (x, i, all) => i + 1 < all.length && all[i + 1].openSessions > x.openSessions,
      );
      return `grace ${grace} run ${run}: ${before.map((x) => x.freeSeats).join(', ')}`;
    });
  return runs.length > 0 ? runs.join('; ') : 'no session was opened';
}

function goals(rows: StormRow[], options: StormOptions, smoke: boolean): string[] {
  const all = each(rows).map(([, , s]) => s);
  const verdict = (ok: boolean): string => (smoke ? 'not judged in a smoke run' : ok ? 'met' : 'missed');
  const worst = (pick: (s: StormSample) => number): number => Math.max(...all.map(pick));
  return [
    `- Every reconnecting peer back in its session, reachable and its members told, within ${options.goalMs / 1000} s: ${all.map((s) => `${s.backAndToldWithinGoal}/${s.reconnecting}`).join(', ')} back and told in time; ${all.map((s) => `${s.sameSession}/${s.reconnecting}`).join(', ')} in the same session as before — ${verdict(all.every((s) => s.backAndToldWithinGoal === s.reconnecting && s.sameSession === s.reconnecting))}.`,
    `- Reconnect joins p99 ≤ 100 ms: worst run ${fmt(worst((s) => s.joinMs.p99))} ms — ${verdict(worst((s) => s.joinMs.p99) <= 100)}.`,
    `- No live signal lost on the survivor: ${all.reduce((n, s) => n + s.live.lost, 0)} lost of ${all.reduce((n, s) => n + s.live.sent, 0)} — ${verdict(all.every((s) => s.live.lost === 0))}.`,
    `- No session lost or duplicated, each peer in exactly one: ${all.reduce((n, s) => n + s.zone.sessionsLost, 0)} lost, ${all.reduce((n, s) => n + s.zone.sessionsExtra, 0)} extra, ${all.reduce((n, s) => n + s.zone.peersWithoutSeat + s.zone.peersInSeveral, 0)} peers without exactly one seat, ${all.reduce((n, s) => n + s.zone.countsWrong, 0)} wrong counts — ${verdict(all.every((s) => s.zone.sessionsLost + s.zone.sessionsExtra + s.zone.peersWithoutSeat + s.zone.peersInSeveral + s.zone.countsWrong === 0))}.`,
  ];
}

export function stormReport(rows: StormRow[], options: StormOptions, smoke: boolean): WorkloadReport {
  const sessions = Math.ceil(options.peers / options.zoneMaxPlayers);
  return {
    name: 'storm',
    title: 'Reconnect storm: a node killed, its peers back on the survivor',
    smoke,
    method: [
      `Two nodes (real PostgreSQL and Redis, JWT validation on), ${options.peers} DLL-dialect peers seated at ${options.seatPerSecond}/s with \`create_session\` (token in the message) in one zone with max_players ${options.zoneMaxPlayers} (${sessions} sessions); peers alternate between the nodes, so every session has members on both.`,
      `${options.livePairs} pairs of peers that both live on the surviving node (in the same session) exchange ICE candidates, ${options.livePerSecond} a second each way, from 1 s before the kill until the storm has settled; sent / delivered after a 5 s drain.`,
      'Then the second node is killed with SIGKILL. Each of its peers sees its socket close and, 1 s later (all at the same moment, no jitter; each failed attempt doubles the delay, as the DLL does), opens a socket to the survivor (what a load balancer does) and sends `create_session` again.',
      'Times are from the kill. back: a survivor-side member of the session named in the new `session_created` sends the peer a candidate (again every 100 ms until one arrives) and it arrives; a peer placed in a session opened after the kill has no such member and is never counted back. reconnect join: `create_session` sent → `session_created`. told: the last survivor-side member of its session received `peer_joined` for it; a peer counts as "told or kept" when all of them did, or when none heard of it leaving or joining and it kept its session. Notices counted are those survivor-side members received about reconnecting peers.',
      options.absentEvery > 0
        ? `One in every ${options.absentEvery} of the killed node's peers never comes back (a player who quit meanwhile): nothing claims its route, so only the survivor's node-failover check removes it. dead node reaped after: kill → the survivor's "stopped beating" log line; absent peers: kill → the last survivor-side member of its session heard \`peer_left\` for it. They are left out of every other column.`
        : 'Every peer of the killed node comes back; the survivor has nothing left to reap, so its node-failover check is not timed.',
      `After the storm settles${options.reapTimeoutMs > 0 ? ' and the survivor has declared the dead node gone' : ''}, PostgreSQL (p2p_sessions, session_players) is compared with a snapshot taken before the kill: open sessions lost, sessions created since, peers with exactly one seat, current_players against member rows and against the peers told they sit there.`,
      `One row per RECONNECT_GRACE_SECONDS value (${options.graceSeconds.join(', ')}), set on both nodes; ${options.repeats} run(s) per row, each on a fresh database. Servers pinned to one core, the load generator to the other.`,
    ],
    markdown: [
      stormTable(rows),
      '',
      integrityTable(rows),
      '',
      `Free seats in the sessions open before the kill, sampled every 100 ms, just before each session opened during the storm appeared: ${freeSeatsAtOpenings(rows)}.`,
      '',
      'Goals:',
      '',
      ...goals(rows, options, smoke),
    ].join('\n'),
    data: { options, rows },
  };
}
