import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** Production with a guard off is allowed (a private LAN may want it) but must never go unnoticed. */
@Injectable()
export class SecurityWarnings implements OnApplicationBootstrap {
  private readonly logger = new Logger('Security');

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const { auth, service } = this.config;
    if (service.environment !== 'production') {
      return;
    }
    if (!auth.jwtEnabled) {
      this.logger.warn('SECURITY: JWT_VALIDATION_ENABLED=false in production: client routes and the WebSocket accept anyone, with no ownership checks');
    }
    if (!auth.apiKeyEnabled) {
      this.logger.warn('SECURITY: API_KEY_VALIDATION_ENABLED=false in production: admin routes (zone writes, clean-up, monitoring) are open');
    }
    if (!auth.rateLimit.enabled) {
      this.logger.warn('SECURITY: RATE_LIMIT_ENABLED=false in production: token issuance and the API are not rate limited');
    }
  }
}
