import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { ClientIpResolver } from '../common/http/client-ip';
import { AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { RefreshRequestDto, TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { PublicRoute } from './route-group.decorator';

interface RawRequestLike {
  raw: IncomingMessage;
  headers: IncomingMessage['headers'];
}

@ApiTags('auth')
@PublicRoute()
@Controller('api/v1/auth')
export class AuthController {
  private readonly ips: ClientIpResolver;

  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {
    this.ips = new ClientIpResolver(config.auth.trustedProxies);
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue an access and a refresh token',
    description:
      'Accepts the DLL body `{peer_id, client_version, timestamp}` and `{player_id, user_id?, api_key?, role?}`. ' +
      'The token is a player (client) token for the named player, whoever asks; `role: "admin"` with the valid API key makes an admin token. ' +
      'With API_KEY_VALIDATION_ENABLED the key (header or body) is required, unless IDENTITY_VERIFICATION=rathena and rAthena vouches for the player.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED or INVALID_API_KEY' })
  @ApiForbiddenResponse({
    description:
      'IDENTITY_REJECTED (with `reason`): rAthena does not vouch for this player from this address; BANNED: the player or the address is banned',
  })
  @ApiServiceUnavailableResponse({ description: "IDENTITY_UNAVAILABLE: rAthena's database cannot be reached" })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  issueToken(@Body() body: TokenRequestDto, @Req() request: RawRequestLike): Promise<TokenResponseDto> {
    const clientIp = this.ips.resolve(request.raw.socket.remoteAddress, request.headers['x-forwarded-for']);
    return this.auth.issue(body, { headerKey: request.headers[this.config.auth.apiKeyHeader], clientIp });
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token, or a (recently expired) access token sent as Bearer, for new tokens',
    description:
      'Rotating: the presented pair is retired and a new pair of the same family is answered. Presenting a retired token again revokes every token of the family.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED, INVALID_TOKEN, TOKEN_EXPIRED or TOKEN_REVOKED' })
  @ApiForbiddenResponse({ description: 'BANNED: the player or the address is banned' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  refreshToken(
    @Body() body: RefreshRequestDto,
    @Req() request: RawRequestLike,
    @Headers('authorization') authorization?: string,
  ): Promise<TokenResponseDto> {
    const clientIp = this.ips.resolve(request.raw.socket.remoteAddress, request.headers['x-forwarded-for']);
    return this.auth.refresh(body ?? {}, authorization, clientIp);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: "Revoke the caller's tokens",
    description:
      'Revokes every token of the family of the Bearer access token (expired up to JWT_REFRESH_GRACE_SECONDS): its refresh token too, on every node.',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED, INVALID_TOKEN, TOKEN_EXPIRED or TOKEN_REVOKED' })
  logout(@Headers('authorization') authorization?: string): Promise<void> {
    return this.auth.logout(authorization);
  }
}
