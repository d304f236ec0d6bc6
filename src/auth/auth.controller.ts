import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { RefreshRequestDto, TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { PublicRoute } from './route-group.decorator';

@ApiTags('auth')
@PublicRoute()
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue an access and a refresh token',
    description:
      'Accepts the DLL body `{peer_id, client_version, timestamp}` and `{player_id, user_id?, api_key?}`. With API_KEY_VALIDATION_ENABLED the API key (header or body) is required; a valid key yields role `admin`.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED or INVALID_API_KEY' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  issueToken(@Body() body: TokenRequestDto, @Headers() headers: Record<string, string | undefined>): TokenResponseDto {
    return this.auth.issue(body, headers[this.config.auth.apiKeyHeader]);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token, or a (recently expired) access token sent as Bearer, for new tokens',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED, INVALID_TOKEN or TOKEN_EXPIRED' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  refreshToken(@Body() body: RefreshRequestDto, @Headers('authorization') authorization?: string): TokenResponseDto {
    return this.auth.refresh(body ?? {}, authorization);
  }
}
