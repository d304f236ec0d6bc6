import { Injectable, Logger } from '@nestjs/common';
import { logFailure } from '../common/outage';
import { ZonesService } from '../zones/zones.service';

/** How long a zone's `fallback_enabled` is trusted: an admin's change reaches live peers within this. */
const FRESH_MS = 5_000;

interface Entry {
  allowed: boolean;
  until: number;
  loading?: Promise<void>;
}

/**
 * Whether a zone lets its peers relay frames through the coordinator: its `fallback_enabled`
 * (seeded from P2P_FALLBACK_ENABLED, changed by admins at run time). Read at each join and
 * re-read in the background once it is older than FRESH_MS, so the relay path itself never waits
 * for the database. A zone whose row cannot be read keeps its last known answer (allowed at first):
 * a database outage must not cut players off from each other.
 */
@Injectable()
export class ZoneRelayPolicy {
  private readonly logger = new Logger(ZoneRelayPolicy.name);
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly zones: ZonesService) {}

  /** Before a connection enters `zoneId`: the zone's answer, read now unless it is fresh. */
  async prime(zoneId: string): Promise<void> {
    const entry = this.entries.get(zoneId);
    if (!entry || entry.until <= Date.now()) {
      await this.load(zoneId);
    }
  }

  /** The answer for a relayed frame: never waits, refreshes in the background when stale. */
  allows(zoneId: string): boolean {
    const entry = this.entries.get(zoneId);
    if (!entry || entry.until <= Date.now()) {
      void this.load(zoneId);
    }
    return entry?.allowed ?? true;
  }

  private load(zoneId: string): Promise<void> {
    const entry = this.entries.get(zoneId);
    if (entry?.loading) {
      return entry.loading;
    }
    const loading = this.zones.findRecord(zoneId).then(
      (zone) => {
        this.entries.set(zoneId, { allowed: zone?.fallback_enabled ?? true, until: Date.now() + FRESH_MS });
      },
      (error: unknown) => {
        this.entries.set(zoneId, { allowed: entry?.allowed ?? true, until: Date.now() + FRESH_MS });
        logFailure(this.logger, `Reading zone ${zoneId}'s relay setting`, error);
      },
    );
    this.entries.set(zoneId, { allowed: entry?.allowed ?? true, until: entry?.until ?? 0, loading });
    return loading;
  }
}
