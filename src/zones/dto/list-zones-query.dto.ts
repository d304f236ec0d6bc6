import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ToLowerCase } from '../../common/validation/field-rules';
import { parseBooleanFlag } from '../zone-rules';
import { ZONE_STATUSES, ZoneStatus } from '../zone.record';
import { ZONE_STATUS_MESSAGE } from './zone-status.dto';

export class ListZonesQueryDto {
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'true/false, 1/0, yes/no or on/off' })
  @Transform(({ value }: { value: unknown }) => parseBooleanFlag(value))
  @IsOptional()
  @IsBoolean({ message: '$property must be one of: true, false, 1, 0, yes, no, on, off' })
  p2p_enabled?: boolean;

  @ApiPropertyOptional({ enum: ZONE_STATUSES, example: 'enabled', description: 'Case-insensitive' })
  @ToLowerCase()
  @IsOptional()
  @IsIn(ZONE_STATUSES, { message: ZONE_STATUS_MESSAGE })
  status?: ZoneStatus;

  @ApiPropertyOptional({
    enum: ZONE_STATUSES,
    example: 'enabled',
    description: 'Alias of `status` (the earlier name); `status` wins when both are given',
  })
  @ToLowerCase()
  @IsOptional()
  @IsIn(ZONE_STATUSES, { message: ZONE_STATUS_MESSAGE })
  status_filter?: ZoneStatus;
}
