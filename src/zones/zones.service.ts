import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { MapCatalog } from '../maps/map-catalog.service';
import { WebhookPublisher } from '../webhooks/webhook-publisher.service';
import type { WebhookEventData } from '../webhooks/webhook-event';
import { CreateZoneDto } from './dto/create-zone.dto';
import { ListZonesQueryDto } from './dto/list-zones-query.dto';
import { UpdateZoneDto } from './dto/update-zone.dto';
import { ZoneResponseDto } from './dto/zone-response.dto';
import { playerCountProblem, resolveZoneSettings, ZoneSettings } from './zone-rules';
import { assertKnownMap } from './zone-map-rules';
import { ZoneRecord, ZoneStatus } from './zone.record';
import { ZonesRepository } from './zones.repository';

type ZoneAction = WebhookEventData['zone.updated']['action'];

const iso = (value: Date | string): string => new Date(value).toISOString();

@Injectable()
export class ZonesService {
  /** Zone id → the lookup of it in flight (see findRecord). */
  private readonly lookups = new Map<string, Promise<ZoneRecord | undefined>>();

  constructor(
    private readonly repository: ZonesRepository,
    private readonly maps: MapCatalog,
    private readonly webhooks: WebhookPublisher,
  ) {}

  async upsert(dto: CreateZoneDto): Promise<ZoneResponseDto> {
    const settings = resolveZoneSettings(dto);
    this.assertPlayerCounts(settings);
    assertKnownMap(this.maps, settings.map_name);
    const zone = await this.repository.upsert(dto.zone_id, settings);
    this.announce(zone, 'upserted', { ...settings });
    return this.toResponse(zone);
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
    return this.changed(zone, zoneId, 'updated', changes);
  }

  async setP2pEnabled(zoneId: string, enabled: boolean): Promise<ZoneResponseDto> {
    const zone = await this.repository.setP2pEnabled(zoneId, enabled);
    return this.changed(zone, zoneId, 'p2p_switched', { p2p_enabled: enabled });
  }

  /** The earlier clients send `?new_status=`; a JSON body `{status}` is accepted too. */
  async setStatus(zoneId: string, queryStatus?: ZoneStatus, bodyStatus?: ZoneStatus): Promise<ZoneResponseDto> {
    const status = queryStatus ?? bodyStatus;
    if (!status) {
      throw new AppError('VALIDATION_FAILED', 'Invalid request: new_status is required', [
        { field: 'new_status', message: 'send new_status in the query or status in the body' },
      ]);
    }
    const zone = await this.repository.setStatus(zoneId, status);
    return this.changed(zone, zoneId, 'status_changed', { status });
  }

  /**
   * The zone's record. Lookups of one zone that overlap share one query (every join reads its zone,
   * and a reconnect storm sends thousands at once): a caller may get the answer of a read that was
   * already running when it asked, never one that had finished before.
   */
  findRecord(zoneId: string): Promise<ZoneRecord | undefined> {
    const inFlight = this.lookups.get(zoneId);
    if (inFlight) {
      return inFlight;
    }
    const lookup = this.repository.findByZoneId(zoneId).finally(() => this.lookups.delete(zoneId));
    this.lookups.set(zoneId, lookup);
    return lookup;
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

  /** The answer to an admin's change of an existing zone, announced once it is stored. */
  private changed(
    zone: ZoneRecord | undefined,
    zoneId: string,
    action: ZoneAction,
    changes: Record<string, unknown>,
  ): ZoneResponseDto {
    if (!zone) {
      throw this.notFound(zoneId);
    }
    this.announce(zone, action, changes);
    return this.toResponse(zone);
  }

  /**
   * `zone.updated` for an admin's change: what was asked and the zone's key fields after it. Who
   * asked is not known here (the principal stays in the transport layer), so no actor is sent.
   */
  private announce(zone: ZoneRecord, action: ZoneAction, changes: Record<string, unknown>): void {
    this.webhooks.publish('zone.updated', {
      zone_id: zone.zone_id,
      action,
      changes,
      zone: {
        zone_name: zone.zone_name,
        map_name: zone.map_name,
        max_players: zone.max_players,
        p2p_enabled: zone.p2p_enabled,
        p2p_priority: zone.p2p_priority,
        status: zone.status,
        updated_at: iso(zone.updated_at),
      },
    });
  }

  private assertPlayerCounts(zone: Pick<ZoneSettings, 'max_players' | 'recommended_players'>): void {
    const problem = playerCountProblem(zone);
    if (problem) {
      throw new AppError('VALIDATION_FAILED', `Invalid request: ${problem.message}`, [problem]);
    }
  }

  private notFound(zoneId: string): AppError {
    return new AppError('ZONE_NOT_FOUND', `Zone not found: ${zoneId}`);
  }
}
