import { Counter } from 'prom-client';
import { counter } from './metric-factory';

/**
 * A one-label counter for events counted on every relayed message. prom-client's inc() hashes and
 * validates the label set on each call, a visible share of the relay's CPU; here an event is one Map
 * increment, and the tallies are added to the prom-client counter whenever it is collected (every
 * scrape and every registry read), so readers see the same totals as before.
 */
const instances = new Map<string, TalliedCounter<string>>();

export class TalliedCounter<L extends string> {
  readonly metric: Counter<L>;
  private readonly tallies = new Map<string, number>();

  /** Use talliedCounter(): the metric is process-wide, so its tallies must be too. */
  private constructor(
    name: string,
    help: string,
    private readonly label: L,
  ) {
    this.metric = counter({ name, help, labelNames: [label], collect: () => this.flush() });
  }

  /** One instance per metric name, as metric-factory keeps one prom-client metric per name. */
  static named<L extends string>(name: string, help: string, label: L): TalliedCounter<L> {
    const existing = instances.get(name) as TalliedCounter<L> | undefined;
    if (existing) {
      return existing;
    }
    const created = new TalliedCounter(name, help, label);
    instances.set(name, created);
    return created;
  }

  inc(value: string): void {
    this.tallies.set(value, (this.tallies.get(value) ?? 0) + 1);
  }

  /** Adds what was counted since the last flush to the prom-client counter. */
  flush(): void {
    for (const [value, count] of this.tallies) {
      this.metric.inc({ [this.label]: value } as Partial<Record<L, string>>, count);
    }
    this.tallies.clear();
  }
}
