import { ApiProperty } from '@nestjs/swagger';
import type { TokenResponse } from '@ro-p2p/contract';

export class TokenResponseDto implements TokenResponse {
  @ApiProperty({ description: 'The access token (the DLL reads this field)' })
  token!: string;

  @ApiProperty({ description: 'The same access token (the integration guide reads this field)' })
  access_token!: string;

  @ApiProperty()
  refresh_token!: string;

  @ApiProperty({ example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Access-token lifetime in seconds' })
  expires_in!: number;
}
