import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { MapCatalog } from '../maps/map-catalog.service';
import { CreateZoneDto } from './dto/create-zone.dto';
import { ListZonesQueryDto } from './dto/list-zones-query.dto';
import { UpdateZoneDto } from './dto/update-zone.dto';
import { ZoneResponseDto } from './dto/zone-response.dto';
import { playerCountProblem, resolveZoneSettings, ZoneSettings } from './zone-rules';
import { assertKnownMap } from './zone-map-rules';
import { ZoneRecord, ZoneStatus } from './zone.record';
import { ZonesRepository } from './zones.repository';

const iso = (value: Date | string): string => new Date(value).toISOString();

@Injectable()
export class ZonesService {
  constructor(
    private readonly repository: ZonesRepository,
    private readonly maps: MapCatalog,
  ) {}

  async upsert(dto: CreateZoneDto): Promise<ZoneResponseDto> {
    const settings = resolveZoneSettings(dto);
    this.assertPlayerCounts(settings);
    assertKnownMap(this.maps, settings.map_name);
    return this.toResponse(await this.repository.upsert(dto.zone_id, settings));
  }

  async getById(zoneId: string): Promise<ZoneResponseDto> {
    const zone = await this.repository.findByZoneId(zoneId);
    if (!zone) {
      throw this.notFound(zoneId);
    }
    return this.toResponse(zone);
  }

  async list(query: ListZonesQueryDto): Promise<ZoneResponseDto[]> {
    const zones = await this.repository.list({
      p2pEnabled: query.p2p_enabled,
      status: query.status ?? query.status_filter,
    });
    return zones.map((zone) => this.toResponse(zone));
  }

  async listP2pEnabled(): Promise<ZoneResponseDto[]> {
    const zones = await this.repository.listP2pReady();
    return zones.map((zone) => this.toResponse(zone));
  }

  async update(zoneId: string, dto: UpdateZoneDto): Promise<ZoneResponseDto> {
    const changes = Object.fromEntries(
      Object.entries(dto).filter(([, value]) => value !== undefined),
    ) as Partial<ZoneSettings>;
    if (Object.keys(changes).length === 0) {
      throw new AppError('VALIDATION_FAILED', 'Invalid request: no fields to update', [
        { field: 'body', message: 'send at least one zone field to change' },
      ]);
    }
    if (changes.map_name !== undefined) {
      assertKnownMap(this.maps, changes.map_name);
    }
    const zone = await this.repository.updateSettings(zoneId, changes, (merged) => this.assertPlayerCounts(merged));
    return this.found(zone, zoneId);
  }

  async setP2pEnabled(zoneId: string, enabled: boolean): Promise<ZoneResponseDto> {
    return this.found(await this.repository.setP2pEnabled(zoneId, enabled), zoneId);
  }

  /** The earlier clients send `?new_status=`; a JSON body `{status}` is accepted too. */
  async setStatus(zoneId: string, queryStatus?: ZoneStatus, bodyStatus?: ZoneStatus): Promise<ZoneResponseDto> {
    const status = queryStatus ?? bodyStatus;
    if (!status) {
      throw new AppError('VALIDATION_FAILED', 'Invalid request: new_status is required', [
        { field: 'new_status', message: 'send new_status in the query or status in the body' },
      ]);
    }
    return this.found(await this.repository.setStatus(zoneId, status), zoneId);
  }

  findRecord(zoneId: string): Promise<ZoneRecord | undefined> {
    return this.repository.findByZoneId(zoneId);
  }

  toResponse(record: ZoneRecord): ZoneResponseDto {
    return {
      id: record.id,
      zone_id: record.zone_id,
      zone_name: record.zone_name,
      zone_display_name: record.zone_display_name,
      map_name: record.map_name,
      max_players: record.max_players,
      recommended_players: record.recommended_players,
      p2p_enabled: record.p2p_enabled,
      p2p_priority: record.p2p_priority,
      fallback_enabled: record.fallback_enabled,
      min_host_quality_score: record.min_host_quality_score,
      min_bandwidth_mbps: record.min_bandwidth_mbps,
      max_latency_ms: record.max_latency_ms,
      status: record.status,
      total_sessions: record.total_sessions,
      active_sessions: record.active_sessions,
      total_players_served: record.total_players_served,
      description: record.description,
      created_at: iso(record.created_at),
      updated_at: iso(record.updated_at),
    };
  }

  private assertPlayerCounts(zone: Pick<ZoneSettings, 'max_players' | 'recommended_players'>): void {
    const problem = playerCountProblem(zone);
    if (problem) {
      throw new AppError('VALIDATION_FAILED', `Invalid request: ${problem.message}`, [problem]);
    }
  }

  private found(zone: ZoneRecord | undefined, zoneId: string): ZoneResponseDto {
    if (!zone) {
      throw this.notFound(zoneId);
    }
    return this.toResponse(zone);
  }

  private notFound(zoneId: string): AppError {
    return new AppError('ZONE_NOT_FOUND', `Zone not found: ${zoneId}`);
  }
}
