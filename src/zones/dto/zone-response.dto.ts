import { ApiProperty } from '@nestjs/swagger';
import type { Zone } from '@ro-p2p/contract';
import { ZONE_STATUSES, ZoneStatus } from '../zone.record';

/** The earlier coordinator's 18 zone fields plus timestamps. */
export class ZoneResponseDto implements Zone {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'prontera' })
  zone_id!: string;

  @ApiProperty({ example: 'prontera' })
  zone_name!: string;

  @ApiProperty({ example: 'Prontera' })
  zone_display_name!: string;

  @ApiProperty({ example: 'prontera' })
  map_name!: string;

  @ApiProperty({ example: 100 })
  max_players!: number;

  @ApiProperty({ example: 50 })
  recommended_players!: number;

  @ApiProperty({ example: true })
  p2p_enabled!: boolean;

  @ApiProperty({ example: 5 })
  p2p_priority!: number;

  @ApiProperty({ example: true })
  fallback_enabled!: boolean;

  @ApiProperty({ example: 50, description: '0-100, the host quality scale' })
  min_host_quality_score!: number;

  @ApiProperty({ example: 100 })
  min_bandwidth_mbps!: number;

  @ApiProperty({ example: 100 })
  max_latency_ms!: number;

  @ApiProperty({ enum: ZONE_STATUSES, example: 'enabled' })
  status!: ZoneStatus;

  @ApiProperty({ example: 12 })
  total_sessions!: number;

  @ApiProperty({ example: 2 })
  active_sessions!: number;

  @ApiProperty({ example: 340 })
  total_players_served!: number;

  @ApiProperty({ example: 'Capital city of Rune-Midgarts', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ example: '2026-01-01T11:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  updated_at!: string;
}
