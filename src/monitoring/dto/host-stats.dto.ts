import { ApiProperty } from '@nestjs/swagger';

export class QualityDistributionDto {
  @ApiProperty({ example: 6, description: 'quality_score >= 90' })
  excellent!: number;

  @ApiProperty({ example: 2, description: '70 <= quality_score < 90' })
  good!: number;

  @ApiProperty({ example: 1, description: '50 <= quality_score < 70' })
  fair!: number;

  @ApiProperty({ example: 0, description: 'quality_score < 50' })
  poor!: number;
}

export class HostStatsDto {
  @ApiProperty({ example: 9 })
  total_online!: number;

  @ApiProperty({ type: QualityDistributionDto, description: 'Online hosts by quality score (0-100)' })
  quality_distribution!: QualityDistributionDto;
}
