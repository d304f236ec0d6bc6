import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ZoneTraffic, ZoneTrafficTotals } from '../signaling/zone-traffic';

/** One second of a zone's frame traffic on this node. */
export interface TrafficSample {
  /** Unix milliseconds at the end of the second. */
  t: number;
  frames_in: number;
  bytes_in: number;
  relayed_out: number;
  relayed_bytes_out: number;
  rejected: Record<string, number>;
}

/** Enough for the dashboard's one-minute charts. */
export const HISTORY_SECONDS = 60;
const SAMPLE_MS = 1000;

/**
 * Samples ZoneTraffic once a second and keeps the per-second deltas of the last minute per zone in
 * ring buffers. Memory is bounded by the zone count (operator-defined) times 60 samples.
 */
@Injectable()
export class TrafficHistory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly rings = new Map<string, { samples: TrafficSample[]; next: number }>();
  private previous = new Map<string, ZoneTrafficTotals>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly traffic: ZoneTraffic) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Records one sample per known zone (zones without traffic this second get zeros). */
  sample(now = Date.now()): void {
    const current = this.traffic.totals();
    for (const [zone, totals] of current) {
      const before = this.previous.get(zone);
      this.push(zone, delta(totals, before, now));
    }
    this.previous = current;
  }

  /** The zone's samples, oldest first; empty for a zone with no traffic since start-up. */
  series(zone: string): TrafficSample[] {
    const ring = this.rings.get(zone);
    if (!ring) {
      return [];
    }
    return [...ring.samples.slice(ring.next), ...ring.samples.slice(0, ring.next)];
  }

  private push(zone: string, sample: TrafficSample): void {
    let ring = this.rings.get(zone);
    if (!ring) {
      ring = { samples: [], next: 0 };
      this.rings.set(zone, ring);
    }
    if (ring.samples.length < HISTORY_SECONDS) {
      ring.samples.push(sample);
      return;
    }
    ring.samples[ring.next] = sample;
    ring.next = (ring.next + 1) % HISTORY_SECONDS;
  }
}

function delta(now: ZoneTrafficTotals, before: ZoneTrafficTotals | undefined, t: number): TrafficSample {
  const rejected: Record<string, number> = {};
  for (const [reason, count] of Object.entries(now.rejected)) {
    const change = (count ?? 0) - ((before?.rejected as Record<string, number> | undefined)?.[reason] ?? 0);
    if (change > 0) {
      rejected[reason] = change;
    }
  }
  return {
    t,
    frames_in: now.framesIn - (before?.framesIn ?? 0),
    bytes_in: now.bytesIn - (before?.bytesIn ?? 0),
    relayed_out: now.relayedOut - (before?.relayedOut ?? 0),
    relayed_bytes_out: now.relayedBytesOut - (before?.relayedBytesOut ?? 0),
    rejected,
  };
}
