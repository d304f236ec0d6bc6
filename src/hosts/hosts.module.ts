import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ZonesModule } from '../zones/zones.module';
import { HostSweeperService } from './host-sweeper.service';
import { HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';

@Module({
  imports: [AuditModule, ZonesModule],
  controllers: [HostsController],
  providers: [HostSweeperService, HostsRepository, HostsService],
  exports: [HostsService],
})
export class HostsModule {}
