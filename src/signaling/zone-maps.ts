import { Injectable } from '@nestjs/common';
import { MapCatalog } from '../maps/map-catalog.service';
import type { WalkableGrid } from '../protocol/movement';
import { ZonesService } from '../zones/zones.service';

/** How long a zone's map is remembered: an admin changing a zone's map takes effect within this. */
const CACHE_MS = 30_000;

/**
 * Zone → its map's walkable cells, for the movement model. Looked up once per join (never per
 * message), through the zone's `map_name` and rAthena's map cache; no cache configured, or a zone
 * whose map is not in it, means no map rules for that zone.
 */
@Injectable()
export class ZoneMaps {
  private readonly cache = new Map<string, { grid?: WalkableGrid; until: number }>();

  constructor(
    private readonly zones: ZonesService,
    private readonly maps: MapCatalog,
  ) {}

  async gridFor(zoneId: string): Promise<WalkableGrid | undefined> {
    if (!this.maps.configured) {
      return undefined;
    }
    const now = Date.now();
    const cached = this.cache.get(zoneId);
    if (cached && cached.until > now) {
      return cached.grid;
    }
    const zone = await this.zones.findRecord(zoneId);
    const grid = zone ? this.maps.get(zone.map_name) : undefined;
    this.cache.set(zoneId, { grid, until: now + CACHE_MS });
    return grid;
  }
}
