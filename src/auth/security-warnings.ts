import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/**
 * A guard off is allowed (a private LAN or a trial may want it) but must never go unnoticed: one
 * line at start-up in every environment, plus production-only warnings for what a test or a LAN
 * can live with.
 */
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
    const production = service.environment === 'production';
    const warnings: string[] = [];
    if ((auth.jwtEnabled || auth.apiKeyEnabled) && !auth.apiKey) {
      // Admin routes need an admin credential as soon as a guard is on, and only the key makes one.
      warnings.push(
        'no COORDINATOR_API_KEY: admin routes (zones, clean-up, monitoring, dashboard) cannot be used and no admin token can be issued',
      );
    }
    const guards = this.guardsOff();
    if (guards) {
      warnings.push(`${guards}${production ? ' (in production)' : ''}`);
    }
    if (!production) {
      return warnings;
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

  /** The guards that are off and what that opens, as one line; undefined when both are on. */
  private guardsOff(): string | undefined {
    const { jwtEnabled, apiKeyEnabled } = this.config.auth;
    const off: string[] = [];
    const opened: string[] = [];
    if (!jwtEnabled) {
      off.push('JWT_VALIDATION_ENABLED=false');
      opened.push('client routes and the WebSocket accept anyone, with no ownership checks');
    }
    if (!apiKeyEnabled) {
      off.push('API_KEY_VALIDATION_ENABLED=false');
      opened.push('anyone can mint player tokens' + (jwtEnabled ? '' : ', and admin routes are open'));
    }
    return off.length > 0 ? `guards off, ${off.join(' and ')}: ${opened.join('; ')}` : undefined;
  }
}
