import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HostsModule } from '../hosts/hosts.module';
import { ZonesModule } from '../zones/zones.module';
import { AdhocSessionsRepository } from './adhoc-sessions.repository';
import { AdhocSessionsService } from './adhoc-sessions.service';
import { SessionAccessRepository } from './session-access.repository';
import { SessionAccessService } from './session-access.service';
import { SessionCleanupScheduler } from './session-cleanup.scheduler';
import { SessionCountersRepository } from './session-counters.repository';
import { SessionMembersRepository } from './session-members.repository';
import { SessionMembershipService } from './session-membership.service';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  imports: [AuditModule, HostsModule, ZonesModule],
  controllers: [SessionsController],
  providers: [
    AdhocSessionsRepository,
    AdhocSessionsService,
    SessionAccessRepository,
    SessionAccessService,
    SessionCleanupScheduler,
    SessionCountersRepository,
    SessionMembersRepository,
    SessionMembershipService,
    SessionsRepository,
    SessionsService,
  ],
  exports: [SessionsService],
})
export class SessionsModule {}
