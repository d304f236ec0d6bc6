import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ProbesController } from './probes.controller';
import { ReadinessIndicators } from './readiness.indicators';
import { ShutdownState } from './shutdown-state';

@Module({
  // Failed probes are answered, not logged: a flapping dependency would otherwise flood the log.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, ProbesController],
  providers: [HealthService, ReadinessIndicators, ShutdownState],
  exports: [HealthService, ShutdownState],
})
export class HealthModule {}
