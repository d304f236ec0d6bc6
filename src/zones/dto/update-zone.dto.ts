import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOptionalNonNull, ZoneRules } from './zone-field-rules';

/** Any subset of the zone fields except zone_id; only `description` may be set to null. */
export class UpdateZoneDto {
  @ApiPropertyOptional({ example: 'prontera', maxLength: 128 })
  @IsOptionalNonNull()
  @ZoneRules.name()
  zone_name?: string;

  @ApiPropertyOptional({ example: 'Prontera', maxLength: 128 })
  @IsOptionalNonNull()
  @ZoneRules.name()
  zone_display_name?: string;

  @ApiPropertyOptional({ example: 'prontera', maxLength: 64 })
  @IsOptionalNonNull()
  @ZoneRules.mapName()
  map_name?: string;

  @ApiPropertyOptional({ example: 150, minimum: 1, maximum: 10000 })
  @IsOptionalNonNull()
  @ZoneRules.players()
  max_players?: number;

  @ApiPropertyOptional({ example: 75, minimum: 1, maximum: 10000, description: 'At most the resulting max_players' })
  @IsOptionalNonNull()
  @ZoneRules.players()
  recommended_players?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptionalNonNull()
  @ZoneRules.flag()
  p2p_enabled?: boolean;

  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: 10 })
  @IsOptionalNonNull()
  @ZoneRules.priority()
  p2p_priority?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptionalNonNull()
  @ZoneRules.flag()
  fallback_enabled?: boolean;

  @ApiPropertyOptional({ example: 60, minimum: 0, maximum: 100 })
  @IsOptionalNonNull()
  @ZoneRules.qualityScore()
  min_host_quality_score?: number;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 100000 })
  @IsOptionalNonNull()
  @ZoneRules.bandwidth()
  min_bandwidth_mbps?: number;

  @ApiPropertyOptional({ example: 80, minimum: 1, maximum: 60000 })
  @IsOptionalNonNull()
  @ZoneRules.latency()
  max_latency_ms?: number;

  @ApiPropertyOptional({ example: 'Capital city', maxLength: 2000, nullable: true, type: String })
  @IsOptional()
  @ZoneRules.description()
  description?: string | null;
}
