import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { configureApp, createFastifyAdapter } from '../../../src/app.factory';
import { AppModule } from '../../../src/app.module';
import { loadConfig } from '../../../src/config/app-config';
import { testEnv } from '../../utils/test-env';
import { mintToken, request, TEST_API_KEY, TEST_JWT_SECRET } from '../../utils/tokens';
import { TestWsClient } from '../../utils/ws-client';

/** Keeps every line any logger or stream produced during the run. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]): void => this.keep(args);
  error = (...args: unknown[]): void => this.keep(args);
  warn = (...args: unknown[]): void => this.keep(args);
  debug = (...args: unknown[]): void => this.keep(args);
  verbose = (...args: unknown[]): void => this.keep(args);
  fatal = (...args: unknown[]): void => this.keep(args);
  keep(args: unknown[]): void {
    this.lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 6 }))).join(' '));
  }
}

describe('Secrets never reach the logs', () => {
  it('logs neither the JWT secret, the API key nor any issued or presented token', async () => {
    const logger = new CapturingLogger();
    const written: string[] = [];
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    const tap = (chunk: unknown): void => {
      written.push(String(chunk));
    };
    // pino's JSON destination writes to the descriptors synchronously (not through process.stdout).
    const writeSync = fs.writeSync;
    fs.writeSync = ((fd: number, data: unknown, ...rest: never[]) => {
      if (fd === 1 || fd === 2) {
        tap(data);
      }
      return writeSync(fd, data as string, ...rest);
    }) as typeof fs.writeSync;
    process.stdout.write = (chunk: unknown, ...rest: never[]) => (tap(chunk), stdout(chunk as string, ...rest));
    process.stderr.write = (chunk: unknown, ...rest: never[]) => (tap(chunk), stderr(chunk as string, ...rest));
    const config = loadConfig(
      testEnv({
        LOG_LEVEL: 'trace',
        LOG_FORMAT: 'json',
        DEBUG: 'true',
        JWT_VALIDATION_ENABLED: 'true',
        API_KEY_VALIDATION_ENABLED: 'true',
        COORDINATOR_API_KEY: TEST_API_KEY,
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_AUTH_PER_MINUTE: '4',
        // Own Redis counters, so this run's exhausted bucket never affects another suite.
        REDIS_KEY_PREFIX: `t${process.pid}-logs-${Date.now()}:`,
      }),
    );
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
      logger,
      abortOnError: false,
    });
    const tokens: string[] = [];
    try {
      configureApp(app, config);
      await app.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const issued = await request(
        url,
        'POST',
        '/api/v1/auth/token',
        { 'x-api-key': TEST_API_KEY },
        { player_id: 'p1', api_key: TEST_API_KEY },
      );
      expect(issued.status).toBe(200);
      tokens.push(issued.body.token, issued.body.refresh_token);
      const refreshed = await request(
        url,
        'POST',
        '/api/v1/auth/refresh',
        {},
        { refresh_token: issued.body.refresh_token },
      );
      tokens.push(refreshed.body.token, refreshed.body.refresh_token);
      const expired = mintToken('p1', { issuedSecondsAgo: 9000 });
      tokens.push(expired);
      await request(url, 'POST', '/api/v1/auth/refresh', { authorization: `Bearer ${expired}` }, {});
      await request(url, 'GET', '/api/v1/zones/', { authorization: `Bearer ${issued.body.token}` });
      await request(url, 'GET', '/api/v1/monitoring/dashboard', { 'x-api-key': TEST_API_KEY });
      await request(url, 'GET', '/api/v1/monitoring/dashboard', { 'x-api-key': `${TEST_API_KEY}x` });
      for (let i = 0; i < 4; i++) {
        await request(url, 'POST', '/api/v1/auth/token', { 'x-api-key': TEST_API_KEY }, { player_id: 'p1' });
      }
      const client = await TestWsClient.connect(
        `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
        `?token=${expired}`,
      );
      await client.closed;
    } finally {
      await app.close();
      fs.writeSync = writeSync;
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    const everything = [...logger.lines, ...written].join('\n');
    expect(logger.lines.length).toBeGreaterThan(0);
    // Proof that the request logger's lines were captured too.
    expect(everything).toContain('/api/v1/auth/refresh');
    for (const secret of [TEST_JWT_SECRET, TEST_API_KEY, ...tokens]) {
      expect(everything).not.toContain(secret);
    }
    // A token's signature alone is enough to replay it; it must not appear either.
    for (const token of tokens) {
      expect(everything).not.toContain(token.split('.')[2]);
    }
  });
});
