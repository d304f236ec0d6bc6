import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import type { CreateSessionBody } from '@ro-p2p/contract';
import { ID_MESSAGE, ID_PATTERN } from '../../common/validation/ids';

export const MAX_INITIAL_PLAYERS = 1000;

export class CreateSessionDto implements CreateSessionBody {
  @ApiProperty({ example: 'host-7f3a', description: "The host's string id" })
  @IsString()
  @Matches(ID_PATTERN, { message: `host_id ${ID_MESSAGE}` })
  host_id!: string;

  @ApiProperty({ example: 'prontera', description: "The zone's string id" })
  @IsString()
  @Matches(ID_PATTERN, { message: `zone_id ${ID_MESSAGE}` })
  zone_id!: string;

  @ApiPropertyOptional({
    example: ['player-1', 'player-2'],
    type: [String],
    maxItems: MAX_INITIAL_PLAYERS,
    description: 'Initial members; duplicates are dropped. Default: none',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INITIAL_PLAYERS)
  @IsString({ each: true })
  @Matches(ID_PATTERN, { each: true, message: `each player id ${ID_MESSAGE}` })
  player_ids?: string[];

  @ApiPropertyOptional({
    example: 10,
    minimum: 1,
    description:
      "Session capacity, at most the zone's `max_players` (422 MAX_PLAYERS_EXCEEDED above it). Default: the zone's",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  max_players?: number;
}
