/**
 * Workload 5, proximity: every peer of one zone moves one cell per tick (5 Hz), crowded hot spots on
 * an RO-sized map. Cost of one tick for the coordinator's grid (moves applied + tick, which also
 * yields the diffs), for the all-pairs reference and for a kdbush index rebuilt every tick (lists
 * only, no diffs: it does less work than the grid).
 */
import { performance } from 'node:perf_hooks';
import { ProximityGrid } from '../../src/protocol/proximity-grid';
import { KNearest, candidateIds } from '../../src/protocol/proximity-knn';
import { naivePeerLists } from '../../src/protocol/proximity-naive';
import { HotSpotLayout, Point, hotSpotLayout, randomStep, seededRandom } from '../../src/protocol/proximity-scenarios';
import { ascending, percentile, spread, Spread } from '../lib/stats';

export const LAYOUT: HotSpotLayout = { width: 400, height: 400, crowdedShare: 0.6, hotSpots: 5, spread: 15 };
const RANGE = 14;
const MAX_PEERS = 10;

export type Method = 'grid' | 'grid incl. moves' | 'kdbush' | 'all-pairs';

export interface ProximityOptions {
  sizes: number[];
  ticks: number;
  warmup: number;
  repeats: number;
  /** All-pairs is quadratic: measured only up to this many peers, with fewer ticks. */
  naiveMaxPeers: number;
  naiveTicks: number;
}

export interface ProximityRow {
  method: Method;
  peers: number;
  p50Ms: Spread;
  p99Ms: Spread;
}

interface TickFn {
  /** Untimed work before the tick (the grid's moves, which arrive spread over the tick interval). */
  prepare?: (positions: Map<string, Point>) => void;
  tick: (positions: Map<string, Point>) => void;
}

interface KDBushLike {
  add(x: number, y: number): number;
  finish(): void;
  range(minX: number, minY: number, maxX: number, maxY: number): number[];
}
type KDBushCtor = new (items: number) => KDBushLike;

/**
 * A fresh index per tick, one range query per peer, the nearest MAX_PEERS kept with the grid's own
 * bounded buffer: the only difference from the grid is the spatial index.
 */
function kdbushTick(KDBush: KDBushCtor): TickFn {
  return {
    tick: (positions) => {
      const ids = [...positions.keys()];
      const points = [...positions.values()];
      const index = new KDBush(points.length);
      for (const p of points) {
        index.add(p.x, p.y);
      }
      index.finish();
      const nearest = new KNearest(MAX_PEERS, candidateIds(ids));
      const lists = new Map<string, string[]>();
      points.forEach((p, i) => {
        nearest.reset();
        for (const j of index.range(p.x - RANGE, p.y - RANGE, p.x + RANGE, p.y + RANGE)) {
          if (j !== i) {
            nearest.offer(j, (points[j].x - p.x) ** 2 + (points[j].y - p.y) ** 2);
          }
        }
        lists.set(
          ids[i],
          Array.from(nearest.items.subarray(0, nearest.count), (j) => ids[j]),
        );
      });
    },
  };
}

function gridTick(includeMoves: boolean): TickFn {
  const grid = new ProximityGrid({ areaRange: RANGE, maxPeers: MAX_PEERS });
  const moves = (positions: Map<string, Point>): void => {
    for (const [id, p] of positions) {
      grid.upsert(id, p.x, p.y);
    }
  };
  return includeMoves
    ? { tick: (positions) => (moves(positions), grid.step()) }
    : { prepare: moves, tick: () => grid.step() };
}

/** p50 and p99 of one run's ticks; the first `warmup` ticks (JIT, first full lists) are dropped. */
function run(tick: TickFn, peers: number, ticks: number, warmup: number, seed: number): { p50: number; p99: number } {
  const rnd = seededRandom(seed);
  const positions = hotSpotLayout(peers, LAYOUT, rnd);
  const samples: number[] = [];
  for (let t = 0; t < warmup + ticks; t++) {
    for (const [id, p] of positions) {
      positions.set(id, randomStep(p, LAYOUT.width, LAYOUT.height, rnd));
    }
    tick.prepare?.(positions);
    const t0 = performance.now();
    tick.tick(positions);
    if (t >= warmup) {
      samples.push(performance.now() - t0);
    }
  }
  const sorted = ascending(samples);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

export async function runProximity(options: ProximityOptions, log: (line: string) => void): Promise<ProximityRow[]> {
  const KDBush = ((await import('kdbush')) as unknown as { default: KDBushCtor }).default;
  const rows: ProximityRow[] = [];
  for (const peers of options.sizes) {
    // All-pairs and kdbush are far slower at the large sizes: fewer ticks there keep the run short.
    const slowTicks = Math.max(3, Math.round((options.ticks * 1_000) / peers));
    const methods: Array<[Method, () => TickFn, number, number]> = [
      ['grid', () => gridTick(false), options.ticks, options.warmup],
      ['grid incl. moves', () => gridTick(true), options.ticks, options.warmup],
      ['kdbush', () => kdbushTick(KDBush), Math.max(slowTicks, 10), 2],
    ];
    if (peers <= options.naiveMaxPeers) {
      methods.push([
        'all-pairs',
        () => ({ tick: (positions) => void naivePeerLists(positions, { areaRange: RANGE, maxPeers: MAX_PEERS }) }),
        options.naiveTicks,
        1,
      ]);
    }
    for (const [method, make, ticks, warmup] of methods) {
      const runs = Array.from({ length: options.repeats }, (_, r) => run(make(), peers, ticks, warmup, peers * 31 + r));
      const row = { method, peers, p50Ms: spread(runs.map((x) => x.p50)), p99Ms: spread(runs.map((x) => x.p99)) };
      log(`  ${method}, ${peers} peers: p50 ${row.p50Ms.median.toFixed(2)} ms, p99 ${row.p99Ms.median.toFixed(2)} ms`);
      rows.push(row);
    }
  }
  return rows;
}
