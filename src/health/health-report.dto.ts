import { ApiProperty } from '@nestjs/swagger';

export class HealthReportDto {
  @ApiProperty({ enum: ['healthy', 'unhealthy'], example: 'healthy' })
  status!: 'healthy' | 'unhealthy';

  @ApiProperty({ enum: ['connected', 'disconnected', 'embedded'], example: 'connected' })
  database!: 'connected' | 'disconnected' | 'embedded';

  @ApiProperty({
    enum: ['connected', 'disconnected', 'embedded'],
    example: 'connected',
    description: '`embedded` when REDIS_URL is unset',
  })
  redis!: 'connected' | 'disconnected' | 'embedded';

  @ApiProperty({ example: 'p2p-coordinator' })
  service!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty({ example: 'coordinator-7f9c2a' })
  node_id!: string;
}
