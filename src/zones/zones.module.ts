import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MapsModule } from '../maps/maps.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ZoneMapService } from './zone-map.service';
import { ZoneSeederService } from './zone-seeder.service';
import { ZonesController } from './zones.controller';
import { ZonesRepository } from './zones.repository';
import { ZonesService } from './zones.service';

@Module({
  imports: [AuditModule, MapsModule, WebhooksModule],
  controllers: [ZonesController],
  providers: [ZoneMapService, ZoneSeederService, ZonesRepository, ZonesService],
  exports: [ZonesService],
})
export class ZonesModule {}
