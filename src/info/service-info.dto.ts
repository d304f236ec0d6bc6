import { ApiProperty } from '@nestjs/swagger';

export class ServiceInfoDto {
  @ApiProperty({ example: 'p2p-coordinator' })
  service!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty({ example: 'running' })
  status!: 'running';

  @ApiProperty({ example: true })
  p2p_enabled!: boolean;

  @ApiProperty({ example: ['prontera', 'geffen', 'payon'] })
  enabled_zones!: string[];

  @ApiProperty({ example: 'coordinator-7f9c2a' })
  node_id!: string;

  @ApiProperty({
    enum: ['embedded-single-node', 'cluster'],
    description: 'Embedded when DATABASE_URL or REDIS_URL is unset',
  })
  mode!: 'embedded-single-node' | 'cluster';
}
