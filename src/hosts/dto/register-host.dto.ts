import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsIP, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { HostRegistration } from '@ro-p2p/contract';
import { AcceptedAndIgnored } from '../../common/validation/accepted-extras';
import { IsId, IsPrintable } from '../../common/validation/field-rules';
import { ID_PATTERN } from '../../common/validation/ids';
import { IceServerDto } from './ice-server.dto';

export const ICE_SERVERS_MAX = 10;
const IP_MAX_LENGTH = 45;

/** The earlier coordinator took a single object here; it is still accepted and wrapped into a list. */
const wrapSingleIceServer = ({ value }: { value: unknown }): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value;

export class RegisterHostDto implements HostRegistration {
  @ApiProperty({ example: 'host-7f3a', pattern: ID_PATTERN.source, maxLength: 64 })
  @IsId()
  host_id!: string;

  @ApiProperty({ example: 'player-150001', pattern: ID_PATTERN.source, maxLength: 64 })
  @IsId()
  player_id!: string;

  @ApiProperty({ example: 'Lord Knight', minLength: 1, maxLength: 64, description: 'Printable text; spaces allowed' })
  @IsPrintable(64)
  player_name!: string;

  @ApiProperty({ example: '192.0.2.10', description: 'IPv4 or IPv6 address' })
  @IsIP()
  @MaxLength(IP_MAX_LENGTH)
  ip_address!: string;

  @ApiProperty({ example: 7000, minimum: 1, maximum: 65535 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiPropertyOptional({ type: String, example: '203.0.113.25', nullable: true, description: 'IPv4 or IPv6 address' })
  @IsOptional()
  @IsIP()
  @MaxLength(IP_MAX_LENGTH)
  public_ip?: string | null;

  @ApiProperty({ example: 8, minimum: 1, maximum: 1024 })
  @IsInt()
  @Min(1)
  @Max(1024)
  cpu_cores!: number;

  @ApiProperty({ example: 3600, minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  cpu_frequency_mhz!: number;

  @ApiProperty({ example: 16384, minimum: 1, maximum: 16777216 })
  @IsInt()
  @Min(1)
  @Max(16_777_216)
  memory_mb!: number;

  @ApiProperty({ example: 1000, minimum: 1, maximum: 1000000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  network_speed_mbps!: number;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 50,
    minimum: 1,
    maximum: 1000,
    description: 'Default: P2P_MAX_PLAYERS_PER_HOST',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  max_players?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 5, minimum: 1, maximum: 100, default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  max_zones?: number | null;

  @ApiPropertyOptional({
    type: [IceServerDto],
    nullable: true,
    maxItems: ICE_SERVERS_MAX,
    description:
      'A list of RTCIceServer entries. A single {urls, username?, credential?} object is also accepted and stored as a one-entry list.',
  })
  @Type(() => IceServerDto)
  @Transform(wrapSingleIceServer)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ICE_SERVERS_MAX)
  @ValidateNested({ each: true })
  ice_servers?: IceServerDto[] | null;

  // Sent by the earlier coordinator's clients and tests, which ignored them too.
  @AcceptedAndIgnored('number', 'the score is computed from the hardware and the heartbeats', 92.5)
  quality_score?: unknown;

  @AcceptedAndIgnored('string', 'NAT traversal is negotiated by ICE between the peers', 'full_cone')
  nat_type?: unknown;
}
