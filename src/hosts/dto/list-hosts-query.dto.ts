import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsId, ToLowerCase, ToNumber } from '../../common/validation/field-rules';
import { ID_PATTERN } from '../../common/validation/ids';
import { HOST_STATUSES, HostStatus } from '../host.record';

const STATUS_MESSAGE = `$property must be one of: ${HOST_STATUSES.join(', ')}`;

class MinQualityQueryDto {
  @ApiPropertyOptional({ example: 60, minimum: 0, maximum: 100 })
  @ToNumber()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  min_quality_score?: number;
}

export class ListHostsQueryDto extends MinQualityQueryDto {
  @ApiPropertyOptional({ enum: HOST_STATUSES, example: 'online', description: 'Case-insensitive' })
  @ToLowerCase()
  @IsOptional()
  @IsIn(HOST_STATUSES, { message: STATUS_MESSAGE })
  status?: HostStatus;

  @ApiPropertyOptional({
    enum: HOST_STATUSES,
    example: 'online',
    description: 'Alias of `status` (the earlier name); `status` wins when both are given',
  })
  @ToLowerCase()
  @IsOptional()
  @IsIn(HOST_STATUSES, { message: STATUS_MESSAGE })
  status_filter?: HostStatus;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 1000, default: 100, description: 'Page size' })
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;

  @ApiPropertyOptional({ example: 0, minimum: 0, default: 0, description: 'Rows to skip' })
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}

export class AvailableHostsQueryDto extends MinQualityQueryDto {
  @ApiPropertyOptional({
    example: 'prontera',
    pattern: ID_PATTERN.source,
    description: "Also require the zone's minimum quality, bandwidth and maximum latency",
  })
  @IsOptional()
  @IsId()
  zone_id?: string;
}
