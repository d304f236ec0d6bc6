import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';
import { readDotEnv } from './dotenv';

/** Provides the validated AppConfig everywhere. Tests pass their own config to forRoot. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => config ?? loadConfig(readDotEnv()) }],
      exports: [AppConfig],
    };
  }
}
