/**
 * Cost of one proximity tick when every peer in a zone moves one cell, for the grid and for the
 * all-pairs reference. Compile with the project's tsconfig and run the emitted
 * bench/proximity-tick.js with node (see docs/protocol.md, "Benchmark").
 * Prints a table and writes bench/results/proximity-tick.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ProximityGrid } from '../src/protocol/proximity-grid';
import { naivePeerLists } from '../src/protocol/proximity-naive';
import { HotSpotLayout, Point, hotSpotLayout, randomStep, seededRandom } from '../src/protocol/proximity-scenarios';

const LAYOUT: HotSpotLayout = {
  width: 400,
  height: 400,
  crowdedShare: 0.6,
  hotSpots: 5,
  spread: 15,
};
const SIZES = [1_000, 10_000, 50_000];
const GRID_TICKS = 40;
const WARMUP_TICKS = 10;
const NAIVE_TICKS: Record<number, number> = { 1_000: 30, 10_000: 5 };

interface Stats {
  ticks: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    ticks: samples.length,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    meanMs: round(mean),
  };
}

function moveAll(positions: Map<string, Point>, rnd: () => number): void {
  for (const [id, p] of positions) {
    positions.set(id, randomStep(p, LAYOUT.width, LAYOUT.height, rnd));
  }
}

function benchGrid(count: number): { tick: Stats; upsertAllMs: number; diffs: number } {
  const rnd = seededRandom(count);
  const positions = hotSpotLayout(count, LAYOUT, rnd);
  const grid = new ProximityGrid();
  for (const [id, p] of positions) {
    grid.upsert(id, p.x, p.y);
  }
  grid.tick();
  const samples: number[] = [];
  let upsertMs = 0;
  let diffs = 0;
  for (let t = 0; t < WARMUP_TICKS + GRID_TICKS; t++) {
    moveAll(positions, rnd);
    const u0 = performance.now();
    for (const [id, p] of positions) {
      grid.upsert(id, p.x, p.y);
    }
    const t0 = performance.now();
    const result = grid.step();
    const t1 = performance.now();
    if (t >= WARMUP_TICKS) {
      samples.push(t1 - t0);
      upsertMs += t0 - u0;
      diffs += result.size;
    }
  }
  return { tick: stats(samples), upsertAllMs: upsertMs / GRID_TICKS, diffs: diffs / GRID_TICKS };
}

function benchNaive(count: number, ticks: number): Stats {
  const rnd = seededRandom(count);
  const positions = hotSpotLayout(count, LAYOUT, rnd);
  naivePeerLists(positions);
  const samples: number[] = [];
  for (let t = 0; t < ticks; t++) {
    moveAll(positions, rnd);
    const t0 = performance.now();
    naivePeerLists(positions);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

function main(): void {
  const rows = SIZES.map((peers) => {
    const grid = benchGrid(peers);
    const naiveTicks = NAIVE_TICKS[peers];
    const naive = naiveTicks ? benchNaive(peers, naiveTicks) : undefined;
    const speedup = naive ? Math.round((naive.p50Ms / grid.tick.p50Ms) * 10) / 10 : undefined;
    return {
      peers,
      grid: grid.tick,
      upsertAllMs: grid.upsertAllMs,
      diffsPerTick: grid.diffs,
      naive,
      speedup,
    };
  });
  console.log('peers  | grid p50 ms | grid p99 ms | upserts ms | diffs/tick | naive p50 ms | speed-up');
  for (const r of rows) {
    const cells = [
      String(r.peers).padStart(6),
      r.grid.p50Ms.toFixed(2).padStart(11),
      r.grid.p99Ms.toFixed(2).padStart(11),
      r.upsertAllMs.toFixed(2).padStart(10),
      String(Math.round(r.diffsPerTick)).padStart(10),
      (r.naive ? r.naive.p50Ms.toFixed(1) : 'skipped').padStart(12),
      (r.speedup ? `${r.speedup}x` : '-').padStart(8),
    ];
    console.log(cells.join(' | '));
  }
  // Relative to the working directory: run from the repository root.
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const report = {
    layout: LAYOUT,
    node: process.version,
    measuredAt: new Date().toISOString(),
    rows,
  };
  writeFileSync(join(outDir, 'proximity-tick.json'), `${JSON.stringify(report, null, 2)}\n`);
}

main();
