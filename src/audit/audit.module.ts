import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';
import { AuditRepository } from './audit.repository';

/**
 * The audit trail of admin actions: the `moderation_audit` table, `AuditTrail` for services that
 * record their own actions (moderation), and the `@Audited(...)` decorator that zones, hosts and
 * sessions put on their admin routes (written by AuditInterceptor, which Nest builds in each of those
 * modules from the AuditTrail they import from here).
 */
@Module({
  providers: [AuditRepository, AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
