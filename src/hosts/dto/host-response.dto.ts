import { ApiProperty } from '@nestjs/swagger';
import type { Host } from '@ro-p2p/contract';
import { HOST_STATUSES, HostStatus } from '../host.record';
import { IceServerDto } from './ice-server.dto';

/** The earlier coordinator's 21 host fields plus eligibility, ICE servers and timestamps. */
export class HostResponseDto implements Host {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'host-7f3a' })
  host_id!: string;

  @ApiProperty({ example: 'player-150001' })
  player_id!: string;

  @ApiProperty({ example: 'Lord Knight' })
  player_name!: string;

  @ApiProperty({ example: '192.0.2.10' })
  ip_address!: string;

  @ApiProperty({ example: 7000 })
  port!: number;

  @ApiProperty({ example: '203.0.113.25', nullable: true, type: String })
  public_ip!: string | null;

  @ApiProperty({ example: 8 })
  cpu_cores!: number;

  @ApiProperty({ example: 3600 })
  cpu_frequency_mhz!: number;

  @ApiProperty({ example: 16384 })
  memory_mb!: number;

  @ApiProperty({ example: 1000 })
  network_speed_mbps!: number;

  @ApiProperty({ example: 35.5 })
  latency_ms!: number;

  @ApiProperty({ example: 0.1 })
  packet_loss_percent!: number;

  @ApiProperty({ example: 12.5 })
  bandwidth_usage_mbps!: number;

  @ApiProperty({ enum: HOST_STATUSES, example: 'online' })
  status!: HostStatus;

  @ApiProperty({ example: 50 })
  max_players!: number;

  @ApiProperty({ example: 5 })
  current_players!: number;

  @ApiProperty({ example: 5 })
  max_zones!: number;

  @ApiProperty({ example: 1 })
  current_zones!: number;

  @ApiProperty({ example: 92.3, description: '0-100; recomputed on register and heartbeat' })
  quality_score!: number;

  @ApiProperty({
    example: true,
    description: 'Meets every MIN_* hardware requirement; ineligible hosts are never selected',
  })
  eligible!: boolean;

  @ApiProperty({ type: [IceServerDto], nullable: true })
  ice_servers!: IceServerDto[] | null;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z', nullable: true, type: String })
  last_heartbeat!: string | null;

  @ApiProperty({ example: '2026-01-01T11:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  updated_at!: string;
}
