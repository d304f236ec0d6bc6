import { Module } from '@nestjs/common';
import { ZonesModule } from '../zones/zones.module';
import { InfoController } from './info.controller';
import { ServiceInfoService } from './service-info.service';

@Module({ imports: [ZonesModule], controllers: [InfoController], providers: [ServiceInfoService] })
export class InfoModule {}
