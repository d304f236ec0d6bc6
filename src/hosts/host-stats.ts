/** How many hosts are in each status (statuses with none are absent). */
export interface HostStatusCount {
  status: string;
  count: number;
}

/** Online hosts' quality scores as a cumulative histogram: `buckets[i]` counts scores ≤ the i-th bound asked for. */
export interface QualityHistogram {
  buckets: number[];
  count: number;
  sum: number;
}
