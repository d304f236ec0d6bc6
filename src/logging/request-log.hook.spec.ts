import Fastify, { FastifyInstance } from 'fastify';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { registerRequestLog } from './request-log.hook';

interface Logged {
  app: FastifyInstance;
  lines: Record<string, unknown>[];
  /** Sends the requests in turn and waits until `expected` lines were written (onResponse runs after the reply). */
  get: (paths: string[], expected: number) => Promise<void>;
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
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const get = async (paths: string[], expected: number): Promise<void> => {
    for (const path of paths) {
      await (await fetch(`${base}${path}`)).text();
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
});
