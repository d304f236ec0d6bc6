import { ApiProperty } from '@nestjs/swagger';

export class TokenResponseDto {
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
