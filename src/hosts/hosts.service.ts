import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { isRestricted, Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import type { ZoneRecord } from '../zones/zone.record';
import { ZonesService } from '../zones/zones.service';
import { AvailableHostsQueryDto, ListHostsQueryDto } from './dto/list-hosts-query.dto';
import { HeartbeatHostDto } from './dto/heartbeat-host.dto';
import { HostResponseDto } from './dto/host-response.dto';
import { RegisterHostDto } from './dto/register-host.dto';
import {
  availabilityCriteria,
  AvailabilityCriteria,
  checkPlacement,
  isEligible,
  PlacementVerdict,
  ZoneRequirements,
} from './host-placement';
import { assertMayManage, assertMayRegister, hostOfAnotherPlayer } from './host-ownership';
import { HostStatusCount, QualityHistogram } from './host-stats';
import { HostRecord } from './host.record';
import { HostsRepository } from './hosts.repository';
import { computeQualityScore } from './quality-score';

const DEFAULT_MAX_ZONES = 5;
// The available list is not paged (as before); this only bounds the answer.
const AVAILABLE_LIST_CAP = 1000;

const iso = (value: Date | string): string => new Date(value).toISOString();

@Injectable()
export class HostsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(HostsService.name);

  constructor(
    private readonly repository: HostsRepository,
    private readonly zones: ZonesService,
    private readonly config: AppConfig,
  ) {}

  /** Eligibility is stored per host; re-evaluate it in case the MIN_* settings changed since. */
  async onApplicationBootstrap(): Promise<void> {
    const changed = await this.repository.refreshEligibility(this.config.p2p.hostMinimums);
    if (changed > 0) {
      this.logger.log(`Host eligibility re-evaluated against the current minimums: ${changed} host(s) changed`);
    }
  }

  async register(dto: RegisterHostDto, principal?: Principal): Promise<HostResponseDto> {
    assertMayRegister(principal, dto.player_id);
    const maxPlayers = dto.max_players ?? this.config.p2p.maxPlayersPerHost;
    const record = await this.repository.upsert(
      {
        host_id: dto.host_id,
        player_id: dto.player_id,
        player_name: dto.player_name,
        ip_address: dto.ip_address,
        port: dto.port,
        public_ip: dto.public_ip ?? null,
        cpu_cores: dto.cpu_cores,
        cpu_frequency_mhz: dto.cpu_frequency_mhz,
        memory_mb: dto.memory_mb,
        network_speed_mbps: dto.network_speed_mbps,
        max_players: maxPlayers,
        max_zones: dto.max_zones ?? DEFAULT_MAX_ZONES,
        ice_servers: dto.ice_servers ?? null,
        eligible: isEligible(dto, this.config.p2p.hostMinimums),
      },
      (live) => computeQualityScore({ ...dto, ...live, max_players: maxPlayers }),
      isRestricted(principal) ? principal.subject : null,
    );
    if (!record) {
      throw hostOfAnotherPlayer();
    }
    return this.toResponse(record);
  }

  /** One statement when it succeeds; a refusal reads the host's owner to answer 404 or 403. */
  async heartbeat(hostId: string, dto: HeartbeatHostDto, principal?: Principal): Promise<HostResponseDto> {
    const owner = isRestricted(principal) ? principal.subject : null;
    const record = await this.repository.recordHeartbeat(hostId, dto, owner);
    if (record) {
      return this.toResponse(record);
    }
    const registeredBy = owner === null ? undefined : await this.repository.ownerOf(hostId);
    if (registeredBy !== undefined) {
      assertMayManage(principal, hostId, registeredBy);
    }
    // Also when the owner matches: the host was registered after the heartbeat missed it.
    throw this.notFound(hostId);
  }

  async getById(hostId: string): Promise<HostResponseDto> {
    return this.toResponse(await this.requireRecord(hostId));
  }

  async list(query: ListHostsQueryDto): Promise<HostResponseDto[]> {
    const records = await this.repository.list({
      status: query.status ?? query.status_filter,
      minQualityScore: query.min_quality_score ?? 0,
      limit: query.limit,
      offset: query.offset,
    });
    return records.map((record) => this.toResponse(record));
  }

  async listAvailable(query: AvailableHostsQueryDto): Promise<HostResponseDto[]> {
    const records = await this.findAvailable(query, AVAILABLE_LIST_CAP);
    return records.map((record) => this.toResponse(record));
  }

  async getBestAvailable(query: AvailableHostsQueryDto): Promise<HostResponseDto> {
    const [best] = await this.findAvailable(query, 1);
    if (!best) {
      throw new AppError('NO_AVAILABLE_HOST', 'No available hosts found');
    }
    return this.toResponse(best);
  }

  async remove(hostId: string, principal?: Principal): Promise<void> {
    await this.assertManageable(hostId, principal);
    if (!(await this.repository.deleteByHostId(hostId))) {
      throw this.notFound(hostId);
    }
  }

  /** Registered hosts per status, for the `p2p_hosts` gauge. */
  countByStatus(): Promise<HostStatusCount[]> {
    return this.repository.countByStatus();
  }

  /** Online hosts' quality scores against the histogram bounds `bounds`, for `p2p_host_quality_score`. */
  onlineQualityHistogram(bounds: readonly number[]): Promise<QualityHistogram> {
    return this.repository.onlineQualityHistogram(bounds);
  }

  findRecord(hostId: string): Promise<HostRecord | undefined> {
    return this.repository.findByHostId(hostId);
  }

  /** The best available host that also meets the zone's requirements, if any. */
  async selectBestForZone(zone: ZoneRecord): Promise<HostRecord | undefined> {
    const [best] = await this.repository.findAvailable(this.criteria(zone), 1);
    return best;
  }

  /** Why `host` can or cannot take a session in `zone`, by the same rules as the available list. */
  checkPlacement(host: HostRecord, zone: ZoneRecord): PlacementVerdict {
    return checkPlacement(host, this.criteria(zone), new Date());
  }

  toResponse(record: HostRecord): HostResponseDto {
    return {
      id: record.id,
      host_id: record.host_id,
      player_id: record.player_id,
      player_name: record.player_name,
      ip_address: record.ip_address,
      port: record.port,
      public_ip: record.public_ip,
      cpu_cores: record.cpu_cores,
      cpu_frequency_mhz: record.cpu_frequency_mhz,
      memory_mb: record.memory_mb,
      network_speed_mbps: record.network_speed_mbps,
      latency_ms: record.latency_ms,
      packet_loss_percent: record.packet_loss_percent,
      bandwidth_usage_mbps: record.bandwidth_usage_mbps,
      status: record.status,
      max_players: record.max_players,
      current_players: record.current_players,
      max_zones: record.max_zones,
      current_zones: record.current_zones,
      quality_score: record.quality_score,
      eligible: record.eligible,
      ice_servers: record.ice_servers,
      last_heartbeat: record.last_heartbeat ? iso(record.last_heartbeat) : null,
      created_at: iso(record.created_at),
      updated_at: iso(record.updated_at),
    };
  }

  private async findAvailable(query: AvailableHostsQueryDto, limit: number): Promise<HostRecord[]> {
    const zone = query.zone_id ? await this.zones.findRecord(query.zone_id) : undefined;
    if (query.zone_id && !zone) {
      throw new AppError('ZONE_NOT_FOUND', `Zone not found: ${query.zone_id}`);
    }
    return this.repository.findAvailable(this.criteria(zone, query.min_quality_score), limit);
  }

  private criteria(zone?: ZoneRequirements, minQualityScore?: number): AvailabilityCriteria {
    const { maxLatencyMs, hostHeartbeatTimeoutMinutes, hostSelectionTimeoutSeconds } = this.config.p2p;
    return availabilityCriteria(
      {
        maxLatencyMs,
        heartbeatTimeoutMinutes: hostHeartbeatTimeoutMinutes,
        selectionTimeoutSeconds: hostSelectionTimeoutSeconds,
      },
      zone,
      minQualityScore,
    );
  }

  /** Ownership needs a read first, so it is done only for restricted (client) callers. */
  private async assertManageable(hostId: string, principal?: Principal): Promise<void> {
    if (isRestricted(principal)) {
      assertMayManage(principal, hostId, (await this.requireRecord(hostId)).player_id);
    }
  }

  private async requireRecord(hostId: string): Promise<HostRecord> {
    const record = await this.repository.findByHostId(hostId);
    if (!record) {
      throw this.notFound(hostId);
    }
    return record;
  }

  private notFound(hostId: string): AppError {
    return new AppError('HOST_NOT_FOUND', `Host not found: ${hostId}`);
  }
}
