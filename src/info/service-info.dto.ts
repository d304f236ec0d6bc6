import { ApiProperty } from '@nestjs/swagger';
import { DEPLOYMENT_MODES, DeploymentMode } from '../config/deployment-mode';

export class ServiceInfoDto {
  @ApiProperty({ example: 'p2p-coordinator' })
  service!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty({ example: 'running' })
  status!: 'running';

  @ApiProperty({ example: true })
  p2p_enabled!: boolean;

  @ApiProperty({
    example: ['prontera', 'geffen', 'payon'],
    description:
      'Zones that take P2P sessions now (zone table: p2p_enabled and status enabled), highest p2p_priority first; empty when p2p_enabled is false',
  })
  enabled_zones!: string[];

  @ApiProperty({ example: 'coordinator-7f9c2a' })
  node_id!: string;

  @ApiProperty({
    enum: DEPLOYMENT_MODES,
    description:
      'The database (PostgreSQL from DATABASE_URL, or embedded PGlite) and the live state (Redis from REDIS_URL, or in-process); only postgres+redis runs several nodes',
  })
  mode!: DeploymentMode;
}
