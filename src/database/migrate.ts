import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { readDotEnv } from '../config/dotenv';
import { createDataSourceOptions } from './data-source.factory';
import { runMigrations } from './migration-runner';

/** `npm run migration:run`: apply pending migrations to the configured database and exit. */
async function main(): Promise<void> {
  const logger = new Logger('Migrations');
  const config = loadConfig(readDotEnv());
  const dataSource = await new DataSource(createDataSourceOptions(config)).initialize();
  try {
    const count = await runMigrations(dataSource, logger);
    logger.log(count === 0 ? 'Schema is up to date' : `Schema migrated (${count} applied)`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  new Logger('Migrations').error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
