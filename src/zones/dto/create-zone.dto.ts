import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId } from '../../common/validation/field-rules';
import { AcceptedAndIgnored } from '../../common/validation/accepted-extras';
import { ID_PATTERN } from '../../common/validation/ids';
import { ZONE_DEFAULTS } from '../zone-rules';
import { ZoneRules } from './zone-field-rules';

/** A full zone definition; omitted or null optional fields take their defaults. */
export class CreateZoneDto {
  @ApiProperty({ example: 'prontera', pattern: ID_PATTERN.source, maxLength: 64 })
  @IsId()
  zone_id!: string;

  @ApiProperty({ example: 'prontera', maxLength: 128 })
  @ZoneRules.name()
  zone_name!: string;

  @ApiProperty({ example: 'Prontera', maxLength: 128 })
  @ZoneRules.name()
  zone_display_name!: string;

  @ApiProperty({ example: 'prontera', maxLength: 64 })
  @ZoneRules.mapName()
  map_name!: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 100,
    minimum: 1,
    maximum: 10000,
    default: ZONE_DEFAULTS.max_players,
  })
  @IsOptional()
  @ZoneRules.players()
  max_players?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 50,
    minimum: 1,
    maximum: 10000,
    description: 'At most max_players. Default: 50, or max_players when that is lower',
  })
  @IsOptional()
  @ZoneRules.players()
  recommended_players?: number | null;

  @ApiPropertyOptional({ type: 'boolean', nullable: true, example: true, default: ZONE_DEFAULTS.p2p_enabled })
  @IsOptional()
  @ZoneRules.flag()
  p2p_enabled?: boolean | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 5,
    minimum: 1,
    maximum: 10,
    default: ZONE_DEFAULTS.p2p_priority,
  })
  @IsOptional()
  @ZoneRules.priority()
  p2p_priority?: number | null;

  @ApiPropertyOptional({ type: 'boolean', nullable: true, example: true, default: ZONE_DEFAULTS.fallback_enabled })
  @IsOptional()
  @ZoneRules.flag()
  fallback_enabled?: boolean | null;

  @ApiPropertyOptional({
    type: 'number',
    nullable: true,
    example: 60,
    minimum: 0,
    maximum: 100,
    default: ZONE_DEFAULTS.min_host_quality_score,
    description: 'On the 0-100 scale of host quality scores',
  })
  @IsOptional()
  @ZoneRules.qualityScore()
  min_host_quality_score?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 100,
    minimum: 1,
    maximum: 100000,
    default: ZONE_DEFAULTS.min_bandwidth_mbps,
  })
  @IsOptional()
  @ZoneRules.bandwidth()
  min_bandwidth_mbps?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 100,
    minimum: 1,
    maximum: 60000,
    default: ZONE_DEFAULTS.max_latency_ms,
  })
  @IsOptional()
  @ZoneRules.latency()
  max_latency_ms?: number | null;

  @ApiPropertyOptional({ example: 'Capital city of Rune-Midgarts', maxLength: 2000, nullable: true, type: String })
  @IsOptional()
  @ZoneRules.description()
  description?: string | null;

  // One of the earlier coordinator's tests sends it; that coordinator ignored it too.
  @AcceptedAndIgnored(
    'string',
    'a zone is created enabled and an update keeps its status; change it with PATCH /api/v1/zones/{zone_id}/status',
    'enabled',
  )
  status?: unknown;
}
