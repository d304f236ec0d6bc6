import { Module } from '@nestjs/common';
import { ZoneSeederService } from './zone-seeder.service';
import { ZonesController } from './zones.controller';
import { ZonesRepository } from './zones.repository';
import { ZonesService } from './zones.service';

@Module({
  controllers: [ZonesController],
  providers: [ZoneSeederService, ZonesRepository, ZonesService],
  exports: [ZonesService],
})
export class ZonesModule {}
