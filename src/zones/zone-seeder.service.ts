import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ID_PATTERN } from '../common/validation/ids';
import { AppConfig } from '../config/app-config';
import { MapCatalog } from '../maps/map-catalog.service';
import { seededZoneSettings } from './zone-rules';
import { ZonesRepository } from './zones.repository';

/**
 * Creates the zones named in P2P_ENABLED_ZONES that do not exist yet, so a fresh install can take
 * sessions at once. Existing zones are never touched: operators may have tuned or disabled them.
 * A seeded zone's map is its id; with a map cache, an id that names no map of it is skipped, as a
 * zone created through the API would be refused.
 */
@Injectable()
export class ZoneSeederService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ZoneSeederService.name);

  constructor(
    private readonly repository: ZonesRepository,
    private readonly config: AppConfig,
    private readonly maps: MapCatalog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed(this.config.p2p.enabledZones);
  }

  async seed(zoneIds: readonly string[]): Promise<string[]> {
    const created: string[] = [];
    for (const zoneId of new Set(zoneIds)) {
      if (!ID_PATTERN.test(zoneId)) {
        this.logger.warn(`Skipping P2P_ENABLED_ZONES entry "${zoneId.slice(0, 80)}": not a valid zone id`);
        continue;
      }
      const settings = seededZoneSettings(zoneId, this.config.p2p.fallbackEnabled);
      if (!this.maps.accepts(settings.map_name)) {
        this.logger.warn(
          `Skipping P2P_ENABLED_ZONES entry "${zoneId}": its map "${settings.map_name}" is not in the map cache (MAP_CACHE_FILE ${this.maps.source}, ${this.maps.size} maps)`,
        );
        continue;
      }
      if (await this.repository.insertIfMissing(zoneId, settings)) {
        created.push(zoneId);
      }
    }
    if (created.length > 0) {
      this.logger.log(`Created zone(s) from P2P_ENABLED_ZONES: ${created.join(', ')}`);
    }
    return created;
  }
}
