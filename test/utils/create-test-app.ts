import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module';
import { createFastifyAdapter, configureApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { RawEnv } from '../../src/config/env-parse';
import { Database } from '../../src/database/database.service';
import { testEnv } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port> */
  wsUrl: string;
  db: Database;
  close(): Promise<void>;
}

/** Builds the real app (same module and configureApp as main.ts) listening on a free port. */
export async function createTestApp(overrides: RawEnv = {}): Promise<TestApp> {
  const config = loadConfig(testEnv(overrides));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
    logger: ['error'],
    abortOnError: false,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  await enableSeededZones(app, config);
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    db: app.get(Database),
    close: () => app.close(),
  };
}

/**
 * Test files share one PostgreSQL database in the CI run; a zone an earlier file switched off must
 * not leak into the next one, so the zones an app seeds start enabled, and relaying as P2P_FALLBACK_ENABLED
 * says, as on a fresh install.
 */
export async function enableSeededZones(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (config.p2p.enabledZones.length > 0) {
    await app
      .get(Database)
      .query(
        `UPDATE zones SET p2p_enabled = true, status = 'enabled', fallback_enabled = $2 WHERE zone_id = ANY($1::text[])`,
        [config.p2p.enabledZones, config.p2p.fallbackEnabled],
      );
  }
}

/** Empties every table between tests (the schema stays; sequences restart). */
export async function resetDatabase(testApp: TestApp): Promise<void> {
  await testApp.db.query('TRUNCATE session_players, p2p_sessions, hosts, zones RESTART IDENTITY CASCADE');
}
