import { Injectable } from '@nestjs/common';
import { counter } from '../metrics/metric-factory';
import { RejectReason } from '../protocol/frame';

/** Running totals of one zone's frame traffic on this node, since start-up. */
export interface ZoneTrafficTotals {
  framesIn: number;
  bytesIn: number;
  relayedOut: number;
  relayedBytesOut: number;
  rejected: Partial<Record<RejectReason, number>>;
}

const zoneFrames = counter({
  name: 'p2p_zone_frames_total',
  help: 'P2P2 frames received per zone',
  labelNames: ['zone'],
});
const zoneBytes = counter({
  name: 'p2p_zone_frame_bytes_total',
  help: 'P2P2 frame bytes received per zone',
  labelNames: ['zone'],
});
const zoneRelayed = counter({
  name: 'p2p_zone_relayed_frames_total',
  help: 'Relayed frame copies sent per zone',
  labelNames: ['zone'],
});
const zoneRejected = counter({
  name: 'p2p_zone_frames_rejected_total',
  help: 'P2P2 frames refused per zone',
  labelNames: ['zone', 'reason'],
});

/**
 * Per-zone frame counters for the admin dashboard and Prometheus. The zone label is bounded: a
 * connection only gets a zone after the coordinator accepted it as an existing, operator-defined
 * zone. Plain totals are kept beside the prom-client counters because the dashboard samples them
 * every second and prom-client's reads are asynchronous and allocate.
 */
@Injectable()
export class ZoneTraffic {
  private readonly zones = new Map<string, ZoneTrafficTotals>();

  received(zone: string, bytes: number): void {
    const totals = this.of(zone);
    totals.framesIn += 1;
    totals.bytesIn += bytes;
    zoneFrames.inc({ zone });
    zoneBytes.inc({ zone }, bytes);
  }

  relayed(zone: string, copies: number, bytesEach: number): void {
    if (copies === 0) {
      return;
    }
    const totals = this.of(zone);
    totals.relayedOut += copies;
    totals.relayedBytesOut += copies * bytesEach;
    zoneRelayed.inc({ zone }, copies);
  }

  rejected(zone: string | undefined, reason: RejectReason): void {
    if (zone === undefined) {
      return;
    }
    const totals = this.of(zone);
    totals.rejected[reason] = (totals.rejected[reason] ?? 0) + 1;
    zoneRejected.inc({ zone, reason });
  }

  /** Copies of the totals, so a sampler can diff them against its previous read. */
  totals(): Map<string, ZoneTrafficTotals> {
    const copy = new Map<string, ZoneTrafficTotals>();
    for (const [zone, totals] of this.zones) {
      copy.set(zone, { ...totals, rejected: { ...totals.rejected } });
    }
    return copy;
  }

  private of(zone: string): ZoneTrafficTotals {
    let totals = this.zones.get(zone);
    if (!totals) {
      totals = { framesIn: 0, bytesIn: 0, relayedOut: 0, relayedBytesOut: 0, rejected: {} };
      this.zones.set(zone, totals);
    }
    return totals;
  }
}
