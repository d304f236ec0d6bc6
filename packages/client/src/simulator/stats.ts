import type { MovementSummary } from './realistic-run';

/**
 * What a simulation counts. Per-player traffic lives in each client's TrafficCounters and is summed
 * at the end; the rest (joins, latencies, errors) is recorded here as it happens.
 */
export interface SimulationSummary {
  durationSec: number;
  players: number;
  /** Players that completed at least one join. */
  playersJoined: number;
  joins: number;
  leaves: number;
  zoneChanges: number;
  reconnects: number;
  messages: {
    sent: Record<string, number>;
    received: Record<string, number>;
    totalSent: number;
    totalReceived: number;
  };
  relayFramesSent: number;
  relayFramesDelivered: number;
  peerListUpdates: number;
  signalExchanges: { offers: number; answers: number; completed: number };
  errors: Record<string, number>;
  signalLatencyMs: { count: number; p50: number | null; p99: number | null; max: number | null };
  /** With `--movement realistic`: what each kind of player (honest, each cheat) was answered. */
  movement?: MovementSummary;
}

export class SimulationStats {
  joins = 0;
  leaves = 0;
  zoneChanges = 0;
  reconnects = 0;
  peerListUpdates = 0;
  relayFramesDelivered = 0;
  readonly errors = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly joinedPlayers = new Set<string>();

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  get errorCount(): number {
    let total = 0;
    this.errors.forEach((n) => (total += n));
    return total;
  }

  joined(peerId: string): void {
    this.joins += 1;
    this.joinedPlayers.add(peerId);
  }

  signalRoundTrip(ms: number): void {
    this.latencies.push(ms);
  }
}

/** Nearest-rank percentile of an unsorted sample; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function addCounts(into: Record<string, number>, from: ReadonlyMap<string, number>): void {
  from.forEach((n, kind) => (into[kind] = (into[kind] ?? 0) + n));
}

export function sumMatching(counts: Record<string, number>, prefix: string): number {
  return Object.entries(counts).reduce((total, [kind, n]) => (kind.startsWith(prefix) ? total + n : total), 0);
}
