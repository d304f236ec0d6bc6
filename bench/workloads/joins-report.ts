/** Table and target check for the joins workload. */
import { table, WorkloadReport } from '../lib/report';
import { cell, fmt } from '../lib/stats';
import { JoinsOptions, JoinsResult, JoinsRow } from './joins';

const rowCells = (while_: string, options: JoinsOptions, row: JoinsRow): string[] => [
  while_,
  String(options.perSecond),
  cell(row.achievedPerSecond),
  cell(row.p50Ms),
  cell(row.p99Ms),
  cell(row.maxMs),
];

export function joinsReport(result: JoinsResult, options: JoinsOptions, smoke: boolean): WorkloadReport {
  const p99 = result.steady.p99Ms.median;
  return {
    name: 'joins',
    title: 'Joins: create_session → session_created',
    smoke,
    method: [
      `${options.perSecond} joins per second for ${options.seconds} s per run, ${options.repeats} runs per row (${result.steady.joins + result.churn.joins} joins); each join is a DLL \`create_session\` (with its token, JWT validation on) on a socket opened (and its token minted) beforehand, timed from send to \`session_created\`; one unmeasured second at the same rate comes first (warm-up). The load generator parses only the replies it times, not the peer_joined notices every join sends to the other members.`,
      `One zone with max_players ${options.zoneMaxPlayers}, so sessions fill and new ones are created as in a busy map; each join writes the session and its player row to PostgreSQL and membership and route to Redis (both real); default configuration, so the seating commit does not wait for the WAL flush (DATABASE_DURABLE_JOINS=false).`,
      "Two rows. settled: the sockets of a run close, and their leaves are recorded, before the next run. during a mass leave: each run joins while the previous run's members (a thousand peers, the whole zone) all disconnect at its first join, after an unmeasured run that seats the first thousand. Every socket leaves with a clean WebSocket close (code 1000, what the DLL sends when it leaves P2P zones), never a dropped connection.",
      'No baseline: PeerJS and a bare relay have no sessions to join. Server pinned to one core, the load generator to the other.',
    ],
    markdown: [
      table(
        ['while', 'joins/s asked', 'achieved joins/s', 'p50 ms', 'p99 ms', 'max ms'],
        [rowCells('settled', options, result.steady), rowCells('during a mass leave', options, result.churn)],
      ),
      '',
      `Refused joins: ${JSON.stringify(result.refused)}.`,
      '',
      `Target: p99 ≤ 25 ms at 200 joins/s, judged on the settled row — ${fmt(p99)} ms (${fmt(result.churn.p99Ms.median)} ms during a mass leave): ${smoke ? 'not judged in a smoke run' : p99 <= 25 ? 'met' : 'missed'}.`,
    ].join('\n'),
    data: { options, result },
  };
}
