import Fastify, { FastifyInstance } from 'fastify';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { registerRequestLog } from './request-log.hook';

interface Logged {
  app: FastifyInstance;
  lines: Record<string, unknown>[];
  /** Sends the requests in turn and waits until `expected` lines were written (onResponse runs after the reply). */
  get: (paths: (string | [string, RequestInit])[], expected: number) => Promise<void>;
}

async function appLogging(level: string): Promise<Logged> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  const app = Fastify();
  registerRequestLog(app, pino({ level, base: { node_id: 'n1' } }, sink));
  app.get('/ok', async () => ({ ok: true }));
  app.get('/missing', async (_request, reply) => reply.code(404).send({ code: 'HOST_NOT_FOUND' }));
  app.get('/broken', async (_request, reply) => reply.code(500).send({ code: 'INTERNAL_ERROR' }));
  app.get('/health', async () => ({ ok: true }));
  app.get('/health/ready', async (_request, reply) => reply.code(503).send({ status: 'error' }));
  app.get('/dashboard/api/overview', async () => ({ zones: [] }));
  app.get('/dashboard/api/broken', async (_request, reply) => reply.code(500).send({ code: 'INTERNAL_ERROR' }));
  app.get('/dashboard/assets/app.js', async () => '');
  app.get('/api/v1/moderation/bans', async () => []);
  app.post('/api/v1/moderation/bans', async () => ({ id: 1 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const get = async (paths: (string | [string, RequestInit])[], expected: number): Promise<void> => {
    for (const path of paths) {
      const [url, init] = typeof path === 'string' ? [path, {}] : path;
      await (await fetch(`${base}${url}`, init)).text();
    }
    for (let i = 0; i < 100 && lines.length < expected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { app, lines, get };
}

describe('registerRequestLog', () => {
  it('should write one line per request with the fields pino-http wrote, the token redacted', async () => {
    const { app, lines, get } = await appLogging('info');
    await get(['/ok?token=secret'], 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      node_id: 'n1',
      correlation_id: expect.any(String),
      req: { method: 'GET', url: '/ok?token=[redacted]' },
      res: { status_code: 200 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    await app.close();
  });

  it('should log 4xx as warn and 5xx as error with "request errored"', async () => {
    const { app, lines, get } = await appLogging('info');
    await get(['/missing', '/broken'], 2);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, 'request completed'],
      [50, 'request errored'],
    ]);
    expect(lines[1]).toMatchObject({ err: { message: 'failed with status code 500' } });
    await app.close();
  });

  it('should skip probes and lines below the level', async () => {
    const { app, lines, get } = await appLogging('warn');
    await get(['/ok', '/health', '/missing'], 1);
    expect(lines.map((line) => (line.req as { url: string }).url)).toEqual(['/missing']);
    await app.close();
  });

  const marked: RequestInit = { headers: { 'x-dashboard-read': '1' } };
  const summary = (lines: Record<string, unknown>[]): string[] =>
    lines.map(
      (line) => `${String(line.level)} ${(line.req as { method: string }).method} ${(line.req as { url: string }).url}`,
    );

  it("should keep an open dashboard's polls, assets and reads out of the info log, and requests like them in it", async () => {
    const { app, lines, get } = await appLogging('info');
    await get(
      [
        '/dashboard/api/overview',
        '/dashboard/assets/app.js',
        ['/api/v1/moderation/bans', marked],
        '/health',
        // The same read without the dashboard's mark, and a write with it: both are logged.
        '/api/v1/moderation/bans',
        ['/api/v1/moderation/bans', { ...marked, method: 'POST' }],
        '/ok',
      ],
      3,
    );
    expect(summary(lines)).toEqual(['30 GET /api/v1/moderation/bans', '30 POST /api/v1/moderation/bans', '30 GET /ok']);
    await app.close();
  });

  it('should write the routine lines at debug, and keep their failures at warn and error (probes stay at debug)', async () => {
    const { app, lines, get } = await appLogging('debug');
    await get(['/dashboard/api/overview', ['/api/v1/moderation/bans', marked], '/health'], 3);
    expect(summary(lines)).toEqual([
      '20 GET /dashboard/api/overview',
      '20 GET /api/v1/moderation/bans',
      '20 GET /health',
    ]);
    lines.length = 0;
    await get(['/dashboard/api/broken', '/dashboard/api/nothing-here', '/health/ready'], 3);
    expect(summary(lines)).toEqual([
      '50 GET /dashboard/api/broken',
      '40 GET /dashboard/api/nothing-here',
      // A not-ready probe is the node's state, logged once by the outage itself, not at every probe.
      '20 GET /health/ready',
    ]);
    await app.close();
  });
});
