import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ToLowerCase } from '../../common/validation/field-rules';
import { ZONE_STATUSES, ZoneStatus } from '../zone.record';

export const ZONE_STATUS_MESSAGE = `$property must be one of: ${ZONE_STATUSES.join(', ')}`;

/** `PATCH …/status?new_status=` as the earlier coordinator took it. */
export class ZoneStatusQueryDto {
  @ApiPropertyOptional({
    enum: ZONE_STATUSES,
    example: 'maintenance',
    description: 'Case-insensitive; or send `status` in the body',
  })
  @ToLowerCase()
  @IsOptional()
  @IsIn(ZONE_STATUSES, { message: ZONE_STATUS_MESSAGE })
  new_status?: ZoneStatus;
}

/** The body form of the same change; the query parameter wins when both are sent. */
export class ZoneStatusBodyDto {
  @ApiPropertyOptional({ enum: ZONE_STATUSES, example: 'maintenance', description: 'Case-insensitive' })
  @ToLowerCase()
  @IsOptional()
  @IsIn(ZONE_STATUSES, { message: ZONE_STATUS_MESSAGE })
  status?: ZoneStatus;
}
