import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { createDataSourceOptions } from './data-source.factory';
import { Database } from './database.service';
import { runMigrations } from './migration-runner';

/** The TypeORM data source (PostgreSQL or embedded PGlite), migrated before the app serves. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...createDataSourceOptions(config),
        retryAttempts: 10,
        retryDelay: 2000,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource, new Logger('Migrations'));
        return dataSource;
      },
    }),
  ],
  providers: [Database],
  exports: [Database],
})
export class DatabaseModule {}
