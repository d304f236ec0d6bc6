import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AiModule } from './ai/ai.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BansModule } from './bans/bans.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { createValidationPipe } from './common/http/validation.pipe';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { readDotEnv } from './config/dotenv';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HostsModule } from './hosts/hosts.module';
import { IceModule } from './ice/ice.module';
import { IdentityModule } from './identity/identity.module';
import { InfoModule } from './info/info.module';
import { LoggingModule } from './logging/logging.module';
import { MapsModule } from './maps/maps.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModerationModule } from './moderation/moderation.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { ProtocolModule } from './protocol/protocol.module';
import { SessionsModule } from './sessions/sessions.module';
import { SignalingModule } from './signaling/signaling.module';
import { StateModule } from './state/state.module';
import { ZonesModule } from './zones/zones.module';

/** The whole coordinator. `config` is validated before any module is built. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig = loadConfig(readDotEnv())): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        AiModule,
        AuditModule,
        AuthModule,
        BansModule,
        DashboardModule,
        DatabaseModule,
        HealthModule,
        HostsModule,
        IceModule,
        IdentityModule,
        InfoModule,
        LoggingModule.forRoot(config),
        MapsModule,
        MetricsModule.forRoot(config),
        ModerationModule,
        MonitoringModule,
        ProtocolModule.forRoot(config.protocol),
        SessionsModule,
        SignalingModule,
        StateModule.forRoot(config),
        ZonesModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
