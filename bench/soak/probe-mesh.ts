/**
 * The probe pairs: half of them have both ends on one node, half are split across the two nodes
 * (so a signal crosses Redis). Each probe sends its partner `rate` numbered signals per second for
 * the whole run; at the end every signal is delivered, refused with an error, or lost.
 */
import { ProbePeer } from './probe-peer';

export interface ProbeTotals {
  pairs: number;
  sent: number;
  delivered: number;
  /** Refused with DELIVERY_FAILED / NOT_IN_SAME_SESSION to the sender: failed loudly, not lost. */
  failed: number;
  /** Neither delivered nor refused. */
  lost: number;
  /** Refused, yet delivered all the same (a lower bound: per pair, delivered + refused − sent). */
  refusedYetDelivered: number;
  duplicates: number;
  reordered: number;
  /** Same split for the signals that crossed nodes. */
  crossNode: { sent: number; delivered: number; failed: number; lost: number };
  otherErrors: Record<string, number>;
  /** Probe sockets the coordinator closed during the run (code → count). */
  disconnects: Record<string, number>;
}

const TICK_MS = 100;

export class ProbeMesh {
  readonly probes: ProbePeer[] = [];
  /** Every probe latency in ms, in arrival order (interval slices give latency over time). */
  readonly latencies: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Opens and seats the pairs before the population arrives, so their sessions have room. */
  static async create(
    urls: readonly string[],
    zones: readonly string[],
    pairs: number,
    runId: string,
  ): Promise<ProbeMesh> {
    const mesh = new ProbeMesh();
    for (let i = 0; i < pairs; i += 1) {
      // 0: both on node 0, 1: both on node 1, 2: node 0 → node 1, 3: node 1 → node 0.
      const layout = [
        [0, 0],
        [1, 1],
        [0, 1],
        [1, 0],
      ][i % 4].map((n) => n % urls.length);
      const a = await ProbePeer.open(urls[layout[0]], layout[0], `probe-${runId}-${i}a`);
      const b = await ProbePeer.open(urls[layout[1]], layout[1], `probe-${runId}-${i}b`);
      const sessionId = await a.createSession(zones[i % zones.length]);
      await b.join(sessionId);
      for (const probe of [a, b]) {
        probe.onLatency = (ms) => mesh.latencies.push(ms);
        mesh.probes.push(probe);
      }
    }
    return mesh;
  }

  /**
   * Sends at `rate` per probe per second, in 100 ms ticks. What is owed follows the clock, not the
   * tick count, so a busy load generator sends late bursts rather than fewer signals.
   */
  start(rate: number): void {
    let owed = 0;
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      owed += (rate * (now - last)) / 1000;
      last = now;
      const due = Math.floor(owed);
      owed -= due;
      for (let i = 0; i < this.probes.length; i += 1) {
        const probe = this.probes[i];
        if (probe.open) {
          for (let n = 0; n < due; n += 1) {
            probe.signal(this.partner(i).id);
          }
        }
      }
    }, TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Waits until every signal is delivered or refused, or `timeoutMs` passes (what is left is lost). */
  async drain(timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (this.totals().lost > 0 && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Date.now() - started;
  }

  close(): void {
    this.probes.forEach((probe) => probe.close());
  }

  /** Client-visible probe errors so far: refusals, other error messages, dropped sockets. */
  errorCount(): number {
    const t = this.totals();
    return t.failed + sum(t.otherErrors) + sum(t.disconnects);
  }

  totals(): ProbeTotals {
    const totals: ProbeTotals = {
      pairs: this.probes.length / 2,
      sent: 0,
      delivered: 0,
      failed: 0,
      lost: 0,
      refusedYetDelivered: 0,
      duplicates: 0,
      reordered: 0,
      crossNode: { sent: 0, delivered: 0, failed: 0, lost: 0 },
      otherErrors: {},
      disconnects: {},
    };
    this.probes.forEach((probe, i) => {
      const partner = this.partner(i);
      const sent = probe.sent.get(partner.id) ?? 0;
      const track = partner.received.get(probe.id);
      const delivered = track?.delivered ?? 0;
      const failed = probe.failed.get(partner.id) ?? 0;
      // A refused signal that still arrives later would be a duplicate, never a loss.
      const lost = Math.max(0, sent - delivered - failed);
      totals.sent += sent;
      totals.delivered += delivered;
      totals.failed += failed;
      totals.lost += lost;
      totals.refusedYetDelivered += Math.max(0, delivered + failed - sent);
      totals.duplicates += track?.duplicates ?? 0;
      totals.reordered += track?.reordered ?? 0;
      if (probe.node !== partner.node) {
        totals.crossNode.sent += sent;
        totals.crossNode.delivered += delivered;
        totals.crossNode.failed += failed;
        totals.crossNode.lost += lost;
      }
      probe.otherErrors.forEach((n, code) => (totals.otherErrors[code] = (totals.otherErrors[code] ?? 0) + n));
      if (probe.closeCode !== undefined) {
        totals.disconnects[probe.closeCode] = (totals.disconnects[probe.closeCode] ?? 0) + 1;
      }
    });
    return totals;
  }

  private partner(index: number): ProbePeer {
    return this.probes[index % 2 === 0 ? index + 1 : index - 1];
  }
}

const sum = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);
