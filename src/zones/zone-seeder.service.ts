import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ID_PATTERN } from '../common/validation/ids';
import { AppConfig } from '../config/app-config';
import { seededZoneSettings } from './zone-rules';
import { ZonesRepository } from './zones.repository';

/**
 * Creates the zones named in P2P_ENABLED_ZONES that do not exist yet, so a fresh install can take
 * sessions at once. Existing zones are never touched: operators may have tuned or disabled them.
 */
@Injectable()
export class ZoneSeederService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ZoneSeederService.name);

  constructor(
    private readonly repository: ZonesRepository,
    private readonly config: AppConfig,
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
      if (await this.repository.insertIfMissing(zoneId, seededZoneSettings(zoneId, this.config.p2p.fallbackEnabled))) {
        created.push(zoneId);
      }
    }
    if (created.length > 0) {
      this.logger.log(`Created zone(s) from P2P_ENABLED_ZONES: ${created.join(', ')}`);
    }
    return created;
  }
}
