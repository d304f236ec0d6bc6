import { createServer, Server } from 'node:net';
import { eventually, getJson } from '../utils/rest';
import { buildDist, freePort, NodeProcess } from '../utils/node-process';

/** ANSI escape sequences (colours): a log file or collector would keep them as garbage. */
const ANSI = /\u001b\[/;

/**
 * What an operator reads when starting a node the way `npm start` does (stdout and stderr piped, as
 * to a file or a log collector): configuration errors without colour codes, port clashes naming the
 * variable to change, the single-node warning and the guards-off warning once each.
 */
describe('Start-up messages of node dist/src/main.js', () => {
  const started: NodeProcess[] = [];
  const start = (env: Record<string, string>): NodeProcess => {
    const node = new NodeProcess({
      HOST: '127.0.0.1',
      EMBEDDED_DATA_DIR: 'memory://',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
    });
    started.push(node);
    return node;
  };

  beforeAll(() => buildDist(), 120_000);

  afterEach(async () => {
    await Promise.all(started.splice(0).map((node) => node.stop()));
  });

  it('should print a configuration error without colour codes when stderr is not a terminal', async () => {
    const node = start({ PORT: 'not-a-port', ENVIRONMENT: 'development' });
    expect((await node.exited).code).toBe(1);
    expect(node.text).toContain('Invalid configuration');
    expect(node.text).toContain('PORT');
    expect(node.text).not.toMatch(ANSI);
  }, 30_000);

  it('should warn once about the guards and name what is embedded, in development, and serve /metrics with PROMETHEUS_PORT=0', async () => {
    const port = await freePort();
    const node = start({ PORT: String(port), PROMETHEUS_PORT: '0', ENVIRONMENT: 'development' });
    await eventually(() => expect(node.text).toContain('Listening on'), 60_000, 100);
    const messages = node.lines.map((line) => String(line.msg));
    expect(messages.filter((msg) => msg.includes('guards off'))).toEqual([
      expect.stringContaining(
        'SECURITY: guards off, JWT_VALIDATION_ENABLED=false and API_KEY_VALIDATION_ENABLED=false',
      ),
    ]);
    expect(messages.filter((msg) => msg.startsWith('Single-node mode'))).toEqual([
      expect.stringContaining('embedded PGlite and live state is in-process (DATABASE_URL and REDIS_URL are unset)'),
    ]);
    expect(messages.find((msg) => msg.startsWith('Listening on'))).toContain('mode embedded');
    expect(messages.some((msg) => msg.startsWith('Metrics listener'))).toBe(false);
    expect((await getJson(`http://127.0.0.1:${port}`, '/')).body.mode).toBe('embedded');
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('p2p_coordinator_up');
  }, 90_000);

  it.each([
    ['PROMETHEUS_PORT', (taken: number, free: number) => ({ PORT: String(free), PROMETHEUS_PORT: String(taken) })],
    ['PORT', (taken: number) => ({ PORT: String(taken), PROMETHEUS_PORT: '0' })],
  ])(
    'should stop with one line naming %s when its port is taken',
    async (variable, env) => {
      const blocker: Server = createServer();
      const taken = await freePort();
      await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
      try {
        const node = start({ ...env(taken, await freePort()), ENVIRONMENT: 'test' });
        expect((await node.exited).code).toBe(1);
        // Found before anything else starts, so Nest's console logger prints it: one plain line.
        expect(node.text).toContain(
          `Port ${taken} (${variable}) on 127.0.0.1 is already in use, perhaps by another coordinator node on this host: ` +
            `set ${variable} to a free port${variable === 'PROMETHEUS_PORT' ? ', or 0 to serve /metrics on the main port only' : ''}`,
        );
        expect(node.text).not.toMatch(ANSI);
        expect(node.text).not.toContain('EADDRINUSE');
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    },
    90_000,
  );
});
