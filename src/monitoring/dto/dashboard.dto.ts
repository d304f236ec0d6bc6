import { ApiProperty } from '@nestjs/swagger';

export class DashboardHostsDto {
  @ApiProperty({ example: 12 })
  total!: number;

  @ApiProperty({ example: 9 })
  online!: number;

  @ApiProperty({ example: 3, description: 'total - online (busy and maintenance count as offline)' })
  offline!: number;

  @ApiProperty({ example: 87.45, description: 'Average over online hosts, 2 decimals' })
  average_quality_score!: number;
}

export class DashboardZonesDto {
  @ApiProperty({ example: 5 })
  total!: number;

  @ApiProperty({ example: 4, description: 'status enabled' })
  enabled!: number;

  @ApiProperty({ example: 1, description: 'total - enabled' })
  disabled!: number;
}

export class DashboardSessionsDto {
  @ApiProperty({ example: 40 })
  total!: number;

  @ApiProperty({ example: 6 })
  active!: number;

  @ApiProperty({ example: 34, description: 'total - active' })
  inactive!: number;

  @ApiProperty({ example: 48, description: 'Players in active sessions' })
  total_players!: number;

  @ApiProperty({ example: 41.2, description: 'Average over active sessions, 2 decimals' })
  average_latency_ms!: number;
}

export class DashboardSystemDto {
  @ApiProperty({
    enum: ['healthy', 'unhealthy'],
    example: 'healthy',
    description: 'The dashboard answers 503 when PostgreSQL is down',
  })
  postgres!: 'healthy' | 'unhealthy';

  @ApiProperty({
    enum: ['healthy', 'unhealthy', 'embedded'],
    example: 'healthy',
    description: '`embedded` without REDIS_URL',
  })
  redis!: 'healthy' | 'unhealthy' | 'embedded';
}

export class DashboardDto {
  @ApiProperty({ type: DashboardHostsDto })
  hosts!: DashboardHostsDto;

  @ApiProperty({ type: DashboardZonesDto })
  zones!: DashboardZonesDto;

  @ApiProperty({ type: DashboardSessionsDto })
  sessions!: DashboardSessionsDto;

  @ApiProperty({ type: DashboardSystemDto })
  system!: DashboardSystemDto;
}
