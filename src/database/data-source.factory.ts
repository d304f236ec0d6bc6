import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSourceOptions, LoggerOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { MIGRATIONS } from '../../migrations';
import { AppConfig } from '../config/app-config';

/** Where the embedded database lives; `memory://` keeps it in memory (tests). */
export function embeddedDataDir(config: AppConfig): string {
  const dir = config.db.embeddedDataDir;
  if (dir.startsWith('memory://')) {
    return dir;
  }
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

/** The same options for the app, the migration script and tests: pg when a URL is set, else PGlite. */
export function createDataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    entities: [],
    logging: (config.service.debug ? ['error', 'warn', 'migration'] : ['error', 'migration']) as LoggerOptions,
  };
  if (config.db.embedded) {
    return { ...common, driver: new PGliteDriver({ dataDir: embeddedDataDir(config) }).driver };
  }
  return {
    ...common,
    url: config.db.url,
    poolSize: config.db.poolSize,
    applicationName: `${config.service.name}:${config.service.nodeId}`.slice(0, 63),
    // Fail fast while PostgreSQL is unreachable so callers answer 503 instead of hanging.
    connectTimeoutMS: 3000,
    extra: { max: config.db.poolSize, idleTimeoutMillis: 30000, query_timeout: 15000, keepAlive: true },
  };
}
