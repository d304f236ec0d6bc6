/** Table and target checks for the connections workload. */
import { table, WorkloadReport } from '../lib/report';
import { cell, fmt, ratio } from '../lib/stats';
import { ConnectionsOptions, ConnectionsRow } from './connections';

export function connectionsReport(
  rows: ConnectionsRow[],
  options: ConnectionsOptions,
  smoke: boolean,
  fdLimit: string,
): WorkloadReport {
  const coordinator = rows.find((r) => r.target === 'coordinator');
  const bare = rows.find((r) => r.target === 'bare ws');
  const checks: string[] = [];
  if (coordinator && bare) {
    const share = coordinator.rssPerConnectionKiB.median / bare.rssPerConnectionKiB.median;
    checks.push(
      `idle peers on one node: ${coordinator.connected.min} (target ≥ 20,000: ${coordinator.connected.min >= 20_000 ? 'met' : `missed — see the file-descriptor limit above`})`,
    );
    checks.push(`RSS per connection: ${fmt(share)}× bare ws (target ≤ 1.5: ${share <= 1.5 ? 'met' : 'missed'})`);
  }
  return {
    name: 'connections',
    title: 'Idle connections',
    smoke,
    method: [
      `${options.peers.toLocaleString('en-US')} idle WebSocket peers per run, ${options.repeats} runs per target, each on a fresh server; opened by ${Math.ceil(options.peers / options.perClient)} client processes (200 connects in flight each) from source addresses 127.0.0.2–9.`,
      `RSS per connection = (server RSS ${options.settleMs / 1000} s after the last connect − RSS of the idle server) / peers; connect rate = peers / time until all are open.`,
      'Coordinator: JWT validation on, each peer identified at connect with `?peer_id=&token=` — a route in Redis (real), no session and so no PostgreSQL write per peer. Bare ws: bench/baselines/ws-relay.ts (a Map of id → socket).',
      `Open-file limit of every process here: ${fdLimit} (hard limit; raising it is not permitted in this environment), so one server can hold at most that many sockets minus its own files — the peer count is set just below it.`,
    ],
    markdown: [
      table(
        [
          'target',
          'peers connected',
          'RSS per connection KiB',
          'connects/s',
          'RSS/conn vs bare ws',
          'failed connects per run',
        ],
        rows.map((r) => [
          r.target,
          cell(r.connected, 5),
          cell(r.rssPerConnectionKiB),
          cell(r.connectsPerSecond),
          bare ? ratio(r.rssPerConnectionKiB.median, bare.rssPerConnectionKiB.median) : 'n/a',
          r.failures.map((f) => JSON.stringify(f)).join(' '),
        ]),
      ),
      '',
      'Targets (medians, same run):',
      '',
      ...checks.map((c) => `- ${c}`),
    ].join('\n'),
    data: { options, rows, fdLimit },
  };
}
