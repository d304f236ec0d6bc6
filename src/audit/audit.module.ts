import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditTrail } from './audit-trail.service';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRepository } from './audit.repository';

/**
 * The audit trail of admin actions: the `moderation_audit` table, `AuditTrail` for services that
 * record their own actions (moderation), and the `@Audited(...)` decorator that zones, hosts and
 * sessions put on their admin routes (written by the app-wide AuditInterceptor).
 */
@Module({
  providers: [AuditRepository, AuditTrail, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditTrail],
})
export class AuditModule {}
