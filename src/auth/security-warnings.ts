import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** Production with a guard off is allowed (a private LAN may want it) but must never go unnoticed. */
@Injectable()
export class SecurityWarnings implements OnApplicationBootstrap {
  private readonly logger = new Logger('Security');

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    for (const warning of this.warnings()) {
      this.logger.warn(`SECURITY: ${warning}`);
    }
  }

  private warnings(): string[] {
    const { auth, identity, service } = this.config;
    const warnings: string[] = [];
    if ((auth.jwtEnabled || auth.apiKeyEnabled) && !auth.apiKey) {
      // Admin routes need an admin credential as soon as a guard is on, and only the key makes one.
      warnings.push(
        'no COORDINATOR_API_KEY: admin routes (zones, clean-up, monitoring, dashboard) cannot be used and no admin token can be issued',
      );
    }
    if (service.environment !== 'production') {
      return warnings;
    }
    if (!auth.jwtEnabled) {
      warnings.push(
        'JWT_VALIDATION_ENABLED=false in production: client routes and the WebSocket accept anyone, with no ownership checks',
      );
    }
    if (!auth.apiKeyEnabled) {
      warnings.push(
        'API_KEY_VALIDATION_ENABLED=false in production: anyone can mint player tokens' +
          (auth.jwtEnabled ? '' : ', and admin routes are open'),
      );
    }
    if (identity.mode === 'none' && !auth.apiKeyEnabled) {
      warnings.push(
        'IDENTITY_VERIFICATION=none without the API key in production: a peer_id is whatever the client claims',
      );
    }
    if (!auth.rateLimit.enabled) {
      warnings.push('RATE_LIMIT_ENABLED=false in production: token issuance and the API are not rate limited');
    }
    return warnings;
  }
}
