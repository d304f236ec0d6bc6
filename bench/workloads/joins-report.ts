/** Table and target check for the joins workload. */
import { table, WorkloadReport } from '../lib/report';
import { cell, fmt } from '../lib/stats';
import { JoinsOptions, JoinsResult } from './joins';

export function joinsReport(result: JoinsResult, options: JoinsOptions, smoke: boolean): WorkloadReport {
  const p99 = result.p99Ms.median;
  return {
    name: 'joins',
    title: 'Joins: create_session → session_created',
    smoke,
    method: [
      `${options.perSecond} joins per second for ${options.seconds} s per run, ${options.repeats} runs (${result.joins} joins); each join is a DLL \`create_session\` (with its token, JWT validation on) on a socket opened (and its token minted) beforehand, timed from send to \`session_created\`; one unmeasured second at the same rate comes first (warm-up). The load generator parses only the replies it times, not the peer_joined notices every join sends to the other members.`,
      `One zone with max_players ${options.zoneMaxPlayers}, so sessions fill and new ones are created as in a busy map; each join writes the session and its player row to PostgreSQL and membership and route to Redis (both real); default configuration, so the seating commit does not wait for the WAL flush (DATABASE_DURABLE_JOINS=false).`,
      'No baseline: PeerJS and a bare relay have no sessions to join. Server pinned to one core, the load generator to the other; the sockets of a run close before the next one.',
    ],
    markdown: [
      table(
        ['joins/s asked', 'achieved joins/s', 'p50 ms', 'p99 ms', 'max ms', 'refused'],
        [[String(options.perSecond), cell(result.achievedPerSecond), cell(result.p50Ms), cell(result.p99Ms), cell(result.maxMs), JSON.stringify(result.refused)]],
      ),
      '',
      `Target: p99 ≤ 25 ms at 200 joins/s — ${fmt(p99)} ms: ${smoke ? 'not judged in a smoke run' : p99 <= 25 ? 'met' : 'missed'}.`,
    ].join('\n'),
    data: { options, result },
  };
}
