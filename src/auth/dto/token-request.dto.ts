import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../common/validation/ids';

/**
 * Both request shapes: the DLL's `{peer_id, client_version, timestamp}` and the integration
 * guide's `{player_id, user_id?, api_key?}`. One of `peer_id` / `player_id` is required.
 */
export class TokenRequestDto {
  @ApiPropertyOptional({ example: 'player-1', description: 'The DLL sends its player id as `peer_id`' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `peer_id ${ID_MESSAGE}` })
  peer_id?: string;

  @ApiPropertyOptional({ example: 'player-1' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `player_id ${ID_MESSAGE}` })
  player_id?: string;

  @ApiPropertyOptional({ example: 'account-42' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `user_id ${ID_MESSAGE}` })
  user_id?: string;

  @ApiPropertyOptional({ description: 'COORDINATOR_API_KEY (also accepted in the key header)' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  api_key?: string;

  @ApiPropertyOptional({
    enum: ['client', 'admin'],
    default: 'client',
    description: 'A token is a player (client) token unless `admin` is asked for explicitly, which needs the API key',
  })
  @IsOptional()
  @IsIn(['client', 'admin'], { message: 'role must be client or admin' })
  role?: 'client' | 'admin';

  @ApiPropertyOptional({ example: '1.0.0' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._+-]{1,32}$/, {
    message: 'client_version must be 1-32 characters: letters, digits and . _ + -',
  })
  client_version?: string;

  @ApiPropertyOptional({ example: 1767225600, description: 'Client clock, Unix seconds (informational)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  timestamp?: number;
}

export class RefreshRequestDto {
  @ApiPropertyOptional({
    description:
      'A refresh token; without it, the Bearer access token (expired up to JWT_REFRESH_GRACE_SECONDS) is used',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refresh_token?: string;
}
