import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_BAN_SECONDS } from '../../bans/ban-rules';
import { IsId, IsPrintable, ToNumber } from '../../common/validation/field-rules';

export const REASON_MAX_LENGTH = 500;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const toFlag = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const text = value.trim().toLowerCase();
  return ['true', '1', 'yes', 'on'].includes(text) ? true : ['false', '0', 'no', 'off'].includes(text) ? false : value;
};

export class KickRequestDto {
  @ApiProperty({ example: '150001', description: 'The peer (player) id whose connections are closed on every node' })
  @IsId()
  peer_id!: string;

  @ApiProperty({
    example: 'speed hacking in prontera',
    maxLength: REASON_MAX_LENGTH,
    description: 'Sent to the peer in the `error` message and the close frame, and kept in the audit trail',
  })
  @IsPrintable(REASON_MAX_LENGTH)
  reason!: string;
}

export class CreateBanRequestDto {
  @ApiPropertyOptional({ example: '150001', description: 'The banned peer id. Exactly one of `peer_id` and `ip`' })
  @IsOptional()
  @IsId()
  peer_id?: string;

  @ApiPropertyOptional({
    example: '203.0.113.7',
    description:
      'The banned client address (IPv4 or IPv6; stored in canonical form, `::ffff:203.0.113.7` is `203.0.113.7`). Exactly one of `peer_id` and `ip`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ip?: string;

  @ApiProperty({ example: 'botting, third warning', maxLength: REASON_MAX_LENGTH })
  @IsPrintable(REASON_MAX_LENGTH)
  reason!: string;

  @ApiPropertyOptional({
    example: 86400,
    minimum: 1,
    maximum: MAX_BAN_SECONDS,
    description: 'How long the ban lasts; omitted: permanent (until lifted)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BAN_SECONDS)
  duration_seconds?: number;
}

export class ListBansQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    example: false,
    description: 'true: every ban ever made (lifted and expired included); default: the bans in force',
  })
  @Transform(toFlag)
  @IsOptional()
  @IsBoolean({ message: '$property must be one of: true, false, 1, 0, yes, no, on, off' })
  all?: boolean;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}` })
  @ToNumber()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;
}

export class SearchPeersQueryDto {
  @ApiPropertyOptional({ example: '1500', maxLength: 64, description: 'Peer ids starting with this' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:@-]{1,64}$/, { message: '$property must be 1-64 of letters, digits and . _ : @ -' })
  query?: string;

  @ApiPropertyOptional({ example: 'prontera', description: 'Only peers in this zone' })
  @IsOptional()
  @IsId()
  zone?: string;

  @ApiPropertyOptional({ example: 5, minimum: 0, description: 'Only peers whose movement suspicion is at least this' })
  @ToNumber()
  @IsOptional()
  @IsNumber()
  @Min(0)
  min_suspicion?: number;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}` })
  @ToNumber()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}` })
  @ToNumber()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    example: '1042',
    description:
      'Cursor: entries older than this. An entry `id` (the last one of the previous page) or an ISO 8601 time',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{1,18}|\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/, {
    message: '$property must be an entry id or an ISO 8601 time',
  })
  before?: string;
}
