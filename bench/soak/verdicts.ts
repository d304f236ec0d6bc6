/**
 * The soak's pass/fail rules, computed from the samples of the measured window (from the end of the
 * warm-up to the moment the load stopped):
 *
 * - nothing lost: every probe signal was delivered or refused with an error to its sender;
 * - memory flat, per node, two conditions:
 *   1. live heap: the heap that survives a forced full GC (read through the inspector) at the end of
 *      the load is at most 10 % + 10 MiB above the same reading at the end of the warm-up. This is
 *      the leak signal: it does not depend on when V8 chooses to collect;
 *   2. RSS: over the second half of the window, RSS (median of the 3 samples at the end) grows at
 *      most 10 % + 20 MiB above RSS at the middle (median of the 3 samples around it). V8 sizes
 *      its heap to the load for minutes before its first major collections, so in a short run RSS
 *      rises from the end of the warm-up without any leak; that growth and its least-squares slope
 *      are reported, the second half is judged;
 * - no error growth: client-visible errors (simulator + probes) plus coordinator error logs in the
 *   second half of the window are at most 1.5 × the first half + 20 (the constant absorbs the
 *   noise of small counts);
 * - nodes stayed up: neither coordinator exited before it was asked to, and both exited 0.
 */
import { Sample } from './sampler';

export const MEMORY_BOUND = { fraction: 0.1, rssFixedMiB: 20, heapFixedMiB: 10 } as const;
export const ERROR_GROWTH = { factor: 1.5, slack: 20 } as const;

/** Live heap after a forced full GC at the moments the soak takes it (null: not reachable). */
export interface LiveHeap {
  beforeLoad: number | null;
  warm: number | null;
  end: number | null;
  afterDrain: number | null;
}

export interface NodeMemory {
  startMiB: number;
  midMiB: number;
  endMiB: number;
  maxMiB: number;
  growthMiB: number;
  secondHalfGrowthMiB: number;
  rssBoundMiB: number;
  slopeMiBPerMin: number;
  liveHeapMiB: LiveHeap;
  liveHeapGrowthMiB: number | null;
  liveHeapBoundMiB: number | null;
  rssFlat: boolean;
  liveHeapFlat: boolean;
  flat: boolean;
}

export interface ErrorGrowth {
  firstHalf: number;
  secondHalf: number;
  bound: number;
  growing: boolean;
}

const median = (values: number[]): number => {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Least-squares slope of y over x (per unit of x); 0 with fewer than two points. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) {
    return 0;
  }
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

export function windowOf(samples: readonly Sample[], fromSec: number, toSec: number): Sample[] {
  return samples.filter((s) => s.t >= fromSec && s.t <= toSec);
}

export function nodeMemory(window: readonly Sample[], node: number, heap: LiveHeap): NodeMemory {
  const points = window
    .filter((s) => Number.isFinite(s.nodes[node].rssMiB))
    .map((s) => ({ x: s.t / 60, y: s.nodes[node].rssMiB }));
  const rss = points.map((p) => p.y);
  const mid = Math.floor(rss.length / 2);
  const startMiB = median(rss.slice(0, 3));
  const midMiB = median(rss.slice(Math.max(0, mid - 1), mid + 2));
  const endMiB = median(rss.slice(-3));
  const rssBoundMiB = midMiB * MEMORY_BOUND.fraction + MEMORY_BOUND.rssFixedMiB;
  const liveHeapGrowthMiB = heap.warm !== null && heap.end !== null ? round1(heap.end - heap.warm) : null;
  const liveHeapBoundMiB =
    heap.warm !== null ? round1(heap.warm * MEMORY_BOUND.fraction + MEMORY_BOUND.heapFixedMiB) : null;
  // Six samples at least, so the medians at the middle and the end share none.
  const rssFlat = rss.length >= 6 && endMiB - midMiB <= rssBoundMiB;
  const liveHeapFlat = liveHeapGrowthMiB !== null && liveHeapBoundMiB !== null && liveHeapGrowthMiB <= liveHeapBoundMiB;
  return {
    startMiB: round1(startMiB),
    midMiB: round1(midMiB),
    endMiB: round1(endMiB),
    maxMiB: round1(Math.max(...rss)),
    growthMiB: round1(endMiB - startMiB),
    secondHalfGrowthMiB: round1(endMiB - midMiB),
    rssBoundMiB: round1(rssBoundMiB),
    slopeMiBPerMin: Math.round(slope(points) * 100) / 100,
    liveHeapMiB: heap,
    liveHeapGrowthMiB,
    liveHeapBoundMiB,
    rssFlat,
    liveHeapFlat,
    flat: rssFlat && liveHeapFlat,
  };
}

/** Errors the verdict counts, cumulative at a sample. */
export const errorsAt = (s: Sample): number =>
  s.sim.errors + s.probes.errors + s.nodes.reduce((n, node) => n + node.errorLogs, 0);

export function errorGrowth(window: readonly Sample[]): ErrorGrowth {
  if (window.length < 3) {
    return { firstHalf: Number.NaN, secondHalf: Number.NaN, bound: Number.NaN, growing: true };
  }
  const first = window[0];
  const last = window[window.length - 1];
  // The sample nearest the middle of the window splits it into two halves of about equal length.
  const midT = (first.t + last.t) / 2;
  const mid = window.reduce((best, s) => (Math.abs(s.t - midT) < Math.abs(best.t - midT) ? s : best));
  const firstHalf = errorsAt(mid) - errorsAt(first);
  const secondHalf = errorsAt(last) - errorsAt(mid);
  // Scaled to equal lengths when the split is uneven.
  const scale = mid.t - first.t > 0 ? (last.t - mid.t) / (mid.t - first.t) : 1;
  const bound = Math.round((ERROR_GROWTH.factor * firstHalf * scale + ERROR_GROWTH.slack) * 10) / 10;
  return { firstHalf, secondHalf, bound, growing: secondHalf > bound };
}

/** Errors per interval between consecutive samples, for the report's time series. */
export function errorSeries(
  samples: readonly Sample[],
): { t: number; sim: number; probes: number; nodeErrorLogs: number; nodeWarnLogs: number }[] {
  return samples.slice(1).map((s, i) => {
    const prev = samples[i];
    const logs = (x: Sample, key: 'errorLogs' | 'warnLogs'): number => x.nodes.reduce((n, node) => n + node[key], 0);
    return {
      t: s.t,
      sim: s.sim.errors - prev.sim.errors,
      probes: s.probes.errors - prev.probes.errors,
      nodeErrorLogs: logs(s, 'errorLogs') - logs(prev, 'errorLogs'),
      nodeWarnLogs: logs(s, 'warnLogs') - logs(prev, 'warnLogs'),
    };
  });
}
