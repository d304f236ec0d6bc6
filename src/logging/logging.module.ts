import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger, LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { AppConfig } from '../config/app-config';
import { redactPaths, REDACTED } from './log-redaction';

/** The root pino logger: Nest's `Logger` lines and the per-request lines (request-log.hook.ts) share it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

function rootLogger(config: AppConfig): Logger {
  const options: LoggerOptions = {
    level: config.service.logLevel,
    base: { node_id: config.service.nodeId },
    redact: { paths: redactPaths(config.auth.apiKeyHeader), censor: REDACTED },
  };
  return config.service.logFormat === 'json'
    ? pino(options)
    : pino(
        options,
        pretty({ singleLine: true, colorize: false, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,node_id' }),
      );
}

/**
 * pino through nestjs-pino: JSON lines with LOG_FORMAT=json, readable single lines otherwise.
 * The readable stream is synchronous in-process (no transport worker), so it also works in tests.
 * nestjs-pino's pino-http middleware is not mounted (`forRoutes: []`): the request line is written
 * by a Fastify hook instead (see request-log.hook.ts for why).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const root = rootLogger(config);
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, forRoutes: [], renameContext: 'context' })],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [ROOT_LOGGER],
    };
  }
}
