import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import pretty from 'pino-pretty';
import { AppConfig } from '../config/app-config';
import { redactPaths, redactUrl, REDACTED } from './log-redaction';

/** Probes and scrapes arrive every few seconds; logging each would drown the useful lines. */
const QUIET_PATHS = /^\/(health(\/live|\/ready)?|metrics)(\?|$)/;

function httpOptions(config: AppConfig): Options {
  return {
    level: config.service.logLevel,
    base: { node_id: config.service.nodeId },
    redact: { paths: redactPaths(config.auth.apiKeyHeader), censor: REDACTED },
    // Fastify already assigned the request id (honouring X-Request-Id); middie copies it onto the raw request.
    genReqId: (req) => req.id ?? randomUUID(),
    customAttributeKeys: { reqId: 'correlation_id' },
    quietReqLogger: true,
    // Middleware sees a mount-relative `url`; `originalUrl` is the request's own.
    autoLogging: { ignore: (req) => QUIET_PATHS.test((req as { originalUrl?: string }).originalUrl ?? req.url ?? '') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        remote_address: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ status_code: res.statusCode }),
    },
  };
}

/**
 * pino through nestjs-pino: JSON lines with LOG_FORMAT=json, readable single lines otherwise.
 * The readable stream is synchronous in-process (no transport worker), so it also works in tests.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const options = httpOptions(config);
    const pinoHttp: Options | [Options, NodeJS.WritableStream] =
      config.service.logFormat === 'json'
        ? options
        : [options, pretty({ singleLine: true, colorize: false, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,node_id' })];
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: pinoHttp as Options,
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          renameContext: 'context',
        }),
      ],
    };
  }
}
