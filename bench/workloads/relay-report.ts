/** Tables, target checks and the CPU-per-message chart for the relay workload. */
import { WorkloadReport, table } from '../lib/report';
import { cell, fmt, ratio } from '../lib/stats';
import { barChart } from '../lib/svg';
import { RelayOptions, RelayRow } from './relay';

const ONE = 'coordinator (1 node)';
const TWO = 'coordinator (2 nodes + Redis)';
const PEERJS = 'PeerJS server';

export function relayReport(rows: RelayRow[], options: RelayOptions, smoke: boolean): WorkloadReport {
  const body: string[] = [];
  const checks: string[] = [];
  for (const pairs of options.pairs) {
    const of = (name: string): RelayRow | undefined => rows.find((r) => r.pairs === pairs && r.target === name);
    const peerjs = of(PEERJS);
    const one = of(ONE);
    body.push(`### ${pairs} pairs`, '');
    body.push(
      table(
        [
          'target',
          'delivered msg/s',
          'p50 ms',
          'p99 ms',
          'server CPU µs/msg',
          'CPU/msg vs PeerJS',
          'p99 vs PeerJS',
          'lost',
          'errors',
        ],
        rows
          .filter((r) => r.pairs === pairs)
          .map((r) => [
            r.target,
            cell(r.messagesPerSecond),
            cell(r.p50Ms),
            cell(r.p99Ms),
            cell(r.cpuUsPerMessage),
            peerjs ? ratio(r.cpuUsPerMessage.median, peerjs.cpuUsPerMessage.median) : 'n/a',
            peerjs ? ratio(r.p99Ms.median, peerjs.p99Ms.median) : 'n/a',
            String(r.lost),
            Object.keys(r.errors).length > 0 ? JSON.stringify(r.errors) : '0',
          ]),
      ),
      '',
    );
    const two = of(TWO);
    if (one && peerjs) {
      const cpu = one.cpuUsPerMessage.median / peerjs.cpuUsPerMessage.median;
      const p99 = one.p99Ms.median / peerjs.p99Ms.median;
      checks.push(
        `${pairs} pairs, one node: CPU/msg ${fmt(cpu)}× PeerJS (target ≤ 1.0: ${cpu <= 1 ? 'met' : 'missed'}), p99 ${fmt(p99)}× PeerJS (target ≤ 1.0: ${p99 <= 1 ? 'met' : 'missed'})`,
      );
    }
    if (one && two) {
      const total = two.cpuUsPerMessage.median / one.cpuUsPerMessage.median;
      checks.push(
        `${pairs} pairs, two nodes: total CPU/msg ${fmt(total)}× one node (target ≤ 3: ${total <= 3 ? 'met' : 'missed'}), lost ${two.lost}, refused ${JSON.stringify(two.errors)} (target none lost: ${two.lost === 0 && Object.keys(two.errors).length === 0 ? 'met' : 'missed'})`,
      );
    }
  }
  body.push('Targets (medians, same run):', '', ...checks.map((c) => `- ${c}`));
  const chart = barChart(
    'Relay: server CPU time per delivered message (median, min–max)',
    'µs',
    rows.map((r) => ({
      group: `${r.pairs} pairs`,
      series: r.target,
      value: r.cpuUsPerMessage.median,
      min: r.cpuUsPerMessage.min,
      max: r.cpuUsPerMessage.max,
    })),
  );
  return {
    name: 'relay',
    title: 'Signaling relay',
    smoke,
    method: [
      `${options.pairs.join(' and ')} pairs; each peer keeps ${options.inFlight} ICE candidates (~250 bytes) in flight to its partner for ${options.seconds} s after 1 s of warm-up; ${options.repeats} runs per target on the same connected peers.`,
      'Latency is send → receive in the load generator (both peers are in it, one clock). CPU is utime+stime of the server processes from /proc over the measured window, divided by the messages delivered in it.',
      "Coordinator: real PostgreSQL and Redis, metrics on, JWT validation on (peers carry minted tokens), peers joined with create_session into one zone; per-connection message/byte budgets raised out of the load generator's way. Two nodes: each pair split across the nodes, CPU summed over both nodes and redis-server.",
      'PeerJS server (npm `peer`, defaults) spoken to with raw `ws` clients in its own protocol; bare ws relay: bench/baselines/ws-relay.ts.',
      'Servers pinned to one core, the load generator to the other (taskset); PostgreSQL and Redis not pinned.',
    ],
    markdown: body.join('\n'),
    data: { options, rows },
    svg: { 'relay-cpu': chart },
  };
}
