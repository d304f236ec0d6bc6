/** Small statistics helpers shared by every workload: percentiles of samples, medians of repeats. */

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (q in 0..1); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Sorts a copy as numbers (the default sort is lexicographic). */
export function ascending(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Median with the range of the repeats, which is what the tables report. */
export function spread(values: number[]): Spread {
  const sorted = ascending(values);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Rounds to a few significant digits so JSON and tables stay readable. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) {
    return value;
  }
  const scale = 10 ** Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}

export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  return round(value, digits).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** "median (min–max)" for a table cell. */
export function cell(s: Spread, digits = 3): string {
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

/** Ratio of two medians from the same run, as "1.23×". */
export function ratio(value: number, baseline: number): string {
  return baseline > 0 && Number.isFinite(value) ? `${fmt(value / baseline, 3)}×` : 'n/a';
}
