/** Table, target checks and the cost-against-peers chart for the proximity workload. */
import { table, WorkloadReport } from '../lib/report';
import { cell, fmt, ratio } from '../lib/stats';
import { logLogChart } from '../lib/svg';
import { LAYOUT, Method, ProximityOptions, ProximityRow } from './proximity';

const METHODS: Method[] = ['grid', 'grid incl. moves', 'kdbush', 'all-pairs'];

export function proximityReport(rows: ProximityRow[], options: ProximityOptions, smoke: boolean): WorkloadReport {
  const at = (method: Method, peers: number): ProximityRow | undefined =>
    rows.find((r) => r.method === method && r.peers === peers);
  const tableRows = options.sizes.flatMap((peers) =>
    METHODS.map((method) => {
      const row = at(method, peers);
      const grid = at('grid', peers);
      if (!row) {
        return [String(peers), method, 'not run (quadratic)', '', '', ''];
      }
      return [
        String(peers),
        method,
        cell(row.p50Ms),
        cell(row.p99Ms),
        grid ? ratio(row.p50Ms.median, grid.p50Ms.median) : 'n/a',
        ratio(row.p50Ms.median / peers, (at(method, options.sizes[0])?.p50Ms.median ?? Number.NaN) / options.sizes[0]),
      ];
    }),
  );
  const checks: string[] = [];
  const grid10k = at('grid', 10_000);
  const naive10k = at('all-pairs', 10_000);
  if (grid10k) {
    checks.push(
      `grid p99 at 10,000 peers: ${fmt(grid10k.p99Ms.median)} ms (target ≤ 20 ms: ${grid10k.p99Ms.median <= 20 ? 'met' : 'missed'})`,
    );
  }
  if (grid10k && naive10k) {
    const speedup = naive10k.p50Ms.median / grid10k.p50Ms.median;
    checks.push(
      `grid vs all-pairs at 10,000 peers: ${fmt(speedup)}× faster (target ≥ 20×: ${speedup >= 20 ? 'met' : 'missed'})`,
    );
  }
  const first = at('grid', options.sizes[0]);
  const last = at('grid', options.sizes[options.sizes.length - 1]);
  if (first && last && last.peers > first.peers) {
    const perPeer = last.p50Ms.median / last.peers / (first.p50Ms.median / first.peers);
    checks.push(
      `grid cost per peer at ${last.peers.toLocaleString('en-US')} vs ${first.peers.toLocaleString('en-US')} peers: ${fmt(perPeer)}× (linear is 1×; "roughly linear" taken as ≤ 2×: ${perPeer <= 2 ? 'met' : 'missed'})`,
    );
  }
  const chart = logLogChart(
    'Proximity: cost of one tick (p50) against peers in the zone',
    'peers in one zone',
    'ms per tick',
    METHODS.map((method) => ({
      name: method,
      points: rows.filter((r) => r.method === method).map((r) => ({ x: r.peers, y: r.p50Ms.median })),
    })),
  );
  return {
    name: 'proximity',
    title: 'Proximity tick',
    smoke,
    method: [
      `${LAYOUT.width}×${LAYOUT.height} map (RO-sized), ${LAYOUT.crowdedShare * 100}% of peers around ${LAYOUT.hotSpots} hot spots (spread ${LAYOUT.spread} cells), the rest uniform; every peer moves one cell per tick (5 Hz at the default 200 ms tick).`,
      `Visibility: the ±14-tile square, at most 10 nearest. ${options.ticks} measured ticks after ${options.warmup} warm-up ticks, ${options.repeats} runs with different seeds; all-pairs ${options.naiveTicks} ticks, only up to ${options.naiveMaxPeers.toLocaleString('en-US')} peers.`,
      "grid = `ProximityGrid.step()` (lists and their changes, as the coordinator's tick loop takes them; the moves arrive spread over the tick interval and are applied as they come); grid incl. moves = applying every peer's move too, then the tick; kdbush = building a static kd-tree from all positions + one range query per peer (lists only, the grid's bounded k-nearest buffer); all-pairs = src/protocol/proximity-naive.ts.",
      'Runs in a child of the load generator, pinned to its core, with V8 compiling on the main thread (`--no-concurrent-recompilation`), so a background compile of the harness never shares the core with a timed tick.',
    ],
    markdown: [
      table(
        [
          'peers',
          'method',
          'tick p50 ms',
          'tick p99 ms',
          'p50 vs grid',
          `p50 per peer vs ${options.sizes[0].toLocaleString('en-US')} peers`,
        ],
        tableRows,
      ),
      '',
      'Targets (medians, same run):',
      '',
      ...checks.map((c) => `- ${c}`),
    ].join('\n'),
    data: { options, layout: LAYOUT, rows },
    svg: { 'proximity-tick': chart },
  };
}
