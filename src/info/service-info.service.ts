import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { deploymentMode } from '../config/deployment-mode';
import { ZonesService } from '../zones/zones.service';
import { ServiceInfoDto } from './service-info.dto';

/**
 * `GET /`: what this node is and what it serves now. The zones come from the zone table (admins
 * change it at run time), not from P2P_ENABLED_ZONES, which only seeds it.
 */
@Injectable()
export class ServiceInfoService {
  /** The last list read, answered while the database is unreachable: `/` is a probe, not a 503. */
  private lastZones: string[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly zones: ZonesService,
  ) {}

  async describe(): Promise<ServiceInfoDto> {
    const { service, p2p } = this.config;
    return {
      service: service.name,
      version: service.version,
      status: 'running',
      p2p_enabled: p2p.enabled,
      enabled_zones: p2p.enabled ? await this.enabledZones() : [],
      node_id: service.nodeId,
      mode: deploymentMode(this.config),
    };
  }

  /** Zones that take P2P sessions now: `p2p_enabled` and status `enabled`, highest priority first. */
  private async enabledZones(): Promise<string[]> {
    try {
      this.lastZones = (await this.zones.listP2pEnabled()).map((zone) => zone.zone_id);
    } catch {
      // The database's outage is logged once by the Database service; the last list stands meanwhile.
    }
    return this.lastZones;
  }
}
