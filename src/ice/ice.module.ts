import { Module } from '@nestjs/common';
import { IceServersController } from './ice-servers.controller';
import { IceServersService } from './ice-servers.service';

@Module({
  controllers: [IceServersController],
  providers: [IceServersService],
  exports: [IceServersService],
})
export class IceModule {}
