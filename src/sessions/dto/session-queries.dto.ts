import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../common/validation/ids';

export class EndSessionQueryDto {
  @ApiPropertyOptional({ example: 'normal', maxLength: 64, description: 'Stored as `end_reason`. Default: normal' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `reason ${ID_MESSAGE}` })
  reason?: string;
}

export const MAX_TIMEOUT_MINUTES = 10080;

export class CleanupQueryDto {
  @ApiPropertyOptional({
    example: 30,
    minimum: 1,
    maximum: MAX_TIMEOUT_MINUTES,
    description: 'Idle time after which an open session fails. Default: SESSION_TIMEOUT_MINUTES',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TIMEOUT_MINUTES)
  timeout_minutes?: number;
}
