import fc from 'fast-check';
import { Agent } from 'node:http';
import { ID_PATTERN } from '../../src/common/validation/ids';
import { TEST_API_KEY } from '../utils/tokens';
import { Known, Operation, operationsOf, requestArb } from './support/openapi-fuzz';
import { Failures, FuzzResponse, judge, pool, send, sendRaw } from './support/fuzz-oracle';
import { NodeProcess } from './support/node-process';
import { freshDatabase, FULL, relDatabaseUrl, relRedisUrl, sql } from './support/rel-env';

/**
 * REST fuzzing driven by the app's own /openapi.json: every documented operation gets seeded
 * (fast-check) requests with wrong types, missing and extra fields, huge strings, deep JSON,
 * invalid UTF-8, junk path segments and queries, wrong content types, with the admin key, a
 * player token, a bad credential or none. No answer may be a 5xx, every 4xx is the project's
 * error shape, no body shows a stack trace, and afterwards the node is alive and its data sane.
 * A real process against real PostgreSQL and Redis; REST_FUZZ_SEED replays another seed.
 */
const DB_URL = relDatabaseUrl('p2p_rel_rest_fuzz_test');
const SEED = Number(process.env.REST_FUZZ_SEED ?? 20261124);
const ROUNDS = FULL ? 1_000 : 100; // requests per operation
const MIN_OPERATIONS = 30;
const CONCURRENCY = 8;
const TIMEOUT_MS = 10_000;
const KEY = { 'x-api-key': TEST_API_KEY };
/** Answers given before a handler's own logic runs: guards, router, body parsing. Anything else reached the handler (or its validation). */
const BEFORE_HANDLER = new Set([
  'UNAUTHORIZED',
  'INVALID_API_KEY',
  'INVALID_TOKEN',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'INVALID_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
]);

describe('Fuzzing the REST API from its OpenAPI document', () => {
  let node: NodeProcess;
  let base: URL;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = KEY,
  ): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${node.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The zone and host real ids point at; restored between rounds because the fuzz may delete or disable them. */
  async function restoreFixtures(): Promise<number> {
    await call('POST', '/api/v1/zones', {
      zone_id: 'fuzz-zone',
      zone_name: 'fuzz',
      zone_display_name: 'Fuzz',
      map_name: 'fuzz',
    });
    await call('POST', '/api/v1/zones/fuzz-zone/enable-p2p');
    await call('PATCH', '/api/v1/zones/fuzz-zone/status', { status: 'enabled' });
    const host = {
      host_id: 'fuzz-host',
      player_id: 'fuzz-player',
      player_name: 'Fuzz',
      ip_address: '192.0.2.1',
      port: 7000,
      cpu_cores: 8,
      cpu_frequency_mhz: 3600,
      memory_mb: 16384,
      network_speed_mbps: 1000,
    };
    return (await call('POST', '/api/v1/hosts/register', host)).status;
  }

  async function fixtures(): Promise<Known> {
    expect(await restoreFixtures()).toBe(201);
    const session = await call('POST', '/api/v1/sessions', {
      host_id: 'fuzz-host',
      zone_id: 'fuzz-zone',
      player_ids: ['fuzz-player'],
    });
    expect(session.status).toBe(201);
    return {
      zone_id: ['fuzz-zone', 'prontera'],
      host_id: ['fuzz-host'],
      player_id: ['fuzz-player'],
      peer_id: ['fuzz-player'],
      session: [String(session.body.id), session.body.session_id],
    };
  }

  beforeAll(async () => {
    await freshDatabase(DB_URL);
    node = await NodeProcess.start({
      DATABASE_URL: DB_URL,
      REDIS_URL: relRedisUrl(7),
      REDIS_KEY_PREFIX: `relrest${process.pid}:`,
      P2P_ENABLED_ZONES: 'prontera',
      LOG_LEVEL: 'error',
      API_KEY_VALIDATION_ENABLED: 'true',
      JWT_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      // The limiter stays on (its hook sees every fuzzed request) but never answers 429 here.
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      RATE_LIMIT_API_PER_MINUTE: '10000000',
    });
    base = new URL(node.url);
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await node?.stop('SIGTERM');
  });

  it('knows a stack trace, a 5xx and a foreign error shape when it sees one', () => {
    expect(judge({ status: 500, body: '{"code":"INTERNAL","status_code":500}' }).problems).toContain('status 500');
    expect(
      judge({
        status: 200,
        body: 'RangeError: Maximum call stack size exceeded\n    at transform (/app/node_modules/x/y.js:34:27)',
      }).stackTrace,
    ).toBe(true);
    expect(
      judge({ status: 400, body: '{"statusCode":400,"code":"FST_ERR_BAD_URL","error":"Bad Request"}' }).problems,
    ).toContain('error code "FST_ERR_BAD_URL" is not in the vocabulary');
    expect(judge({ body: '', error: 'socket hang up' }).problems).toEqual(['no answer (socket hang up)']);
    expect(judge({ status: 422, body: '{"code":"VALIDATION_FAILED","status_code":422}' }).problems).toEqual([]);
  });

  it('answers malformed HTTP, rejected below the router, in the same error shape', async () => {
    const head = (line: string, headers = ''): string => `${line}\r\nHost: fuzz\r\n${headers}Connection: close\r\n\r\n`;
    const cases: [string, Buffer][] = [
      [
        'raw bytes in the path',
        Buffer.concat([
          Buffer.from('GET /api/v1/hosts/'),
          Buffer.from([0xff, 0xfe, 0x00]),
          Buffer.from(head(' HTTP/1.1')),
        ]),
      ],
      ['a space in the path', Buffer.from(head('GET /api/v1/zones/a b HTTP/1.1'))],
      ['an unknown HTTP version', Buffer.from(head('GET / HTTP/9.9'))],
      ['a control character in a header', Buffer.from(head('GET / HTTP/1.1', 'X-Fuzz: a\u0001b\r\n'))],
      ['headers over the size limit', Buffer.from(head('GET / HTTP/1.1', `X-Fuzz: ${'a'.repeat(20_000)}\r\n`))],
      [
        'Content-Length and Transfer-Encoding together',
        Buffer.from(
          `${head('POST /api/v1/zones HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n')}0\r\n\r\n`,
        ),
      ],
      [
        'a broken chunk size',
        Buffer.from(
          `${head('POST /api/v1/zones HTTP/1.1', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n')}zz\r\n{}\r\n0\r\n\r\n`,
        ),
      ],
      [
        'a negative Content-Length',
        Buffer.from(
          `${head('POST /api/v1/zones HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: -1\r\n')}{}`,
        ),
      ],
      [
        'a body shorter than its Content-Length',
        Buffer.from(
          `${head('POST /api/v1/zones HTTP/1.1', `Content-Type: application/json\r\nX-Api-Key: ${TEST_API_KEY}\r\nContent-Length: 100\r\n`)}{"zone_id":`,
        ),
      ],
      ['TLS bytes on the plain port', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00])],
    ];
    for (const [label, bytes] of cases) {
      const response = await sendRaw(base, bytes, TIMEOUT_MS);
      expect({ label, status: response.status, problems: judge(response).problems }).toEqual({
        label,
        status: 400,
        problems: [],
      });
    }
  });

  it(
    `answers every documented operation without a 5xx or a stack trace (${ROUNDS} requests each)`,
    async () => {
      const doc = (await call('GET', '/openapi.json')).body;
      const operations: Operation[] = operationsOf(doc);
      expect(operations.length).toBeGreaterThanOrEqual(MIN_OPERATIONS);
      const known = await fixtures();
      const issued = (await call('POST', '/api/v1/auth/token', { peer_id: 'fuzz-player' })).body;
      const token = issued.token as string;
      Object.assign(known, { refresh_token: [issued.refresh_token], api_key: [TEST_API_KEY] });
      const auth = {
        key: KEY,
        token: { authorization: `Bearer ${token}` },
        none: {},
        'bad-key': { 'x-api-key': 'nope\u00ff' },
        'bad-token': { authorization: 'Bearer a.b.c' },
        'odd-auth': { authorization: `Bearer ${'x'.repeat(8_000)}`, 'x-api-key': TEST_API_KEY.slice(1) },
        'alg-none': {
          authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"admin","role":"admin"}').toString('base64url')}.`,
        },
      };
      const plans = operations.map((op, i) =>
        fc.sample(requestArb(op, known, auth), { seed: SEED + i, numRuns: ROUNDS }),
      );

      const started = Date.now();
      const statuses: Record<string, number> = {};
      const perOperation = new Map<string, { sent: number; ownMethod: number; handled: number }>();
      const failures = new Failures();
      let serverErrors = 0;
      let stackTraces = 0;
      let slowest = 0;
      for (let round = 0; round < ROUNDS; round++) {
        if (round > 0 && round % 10 === 0) {
          await restoreFixtures();
        }
        await pool(
          plans.map((plan) => plan[round]),
          CONCURRENCY,
          async (req) => {
            const sentAt = Date.now();
            const response: FuzzResponse = await send(base, req, agent, TIMEOUT_MS);
            slowest = Math.max(slowest, Date.now() - sentAt);
            const verdict = judge(response);
            statuses[response.status ?? 'none'] = (statuses[response.status ?? 'none'] ?? 0) + 1;
            const seen = perOperation.get(req.op) ?? { sent: 0, ownMethod: 0, handled: 0 };
            const own = req.method === req.op.split(' ')[0];
            perOperation.set(req.op, {
              sent: seen.sent + 1,
              ownMethod: seen.ownMethod + (own ? 1 : 0),
              handled:
                seen.handled +
                (own && response.status !== undefined && !BEFORE_HANDLER.has(verdict.code ?? '') ? 1 : 0),
            });
            serverErrors += (response.status ?? 0) >= 500 ? 1 : 0;
            stackTraces += verdict.stackTrace ? 1 : 0;
            if (verdict.problems.length > 0) {
              failures.add(req, verdict.problems, response);
            }
          },
        );
      }
      const total = [...perOperation.values()].reduce((sum, seen) => sum + seen.sent, 0);
      const least = (field: 'ownMethod' | 'handled'): number =>
        Math.min(...operations.map((op) => perOperation.get(op.key)?.[field] ?? 0));
      const elapsed = Date.now() - started;

      // Still alive, still ready, and the data it kept is still well-formed.
      expect(() => process.kill(node.pid!, 0)).not.toThrow();
      expect((await call('GET', '/health/ready')).status).toBe(200);
      const zone = {
        zone_id: 'after-fuzz',
        zone_name: 'after',
        zone_display_name: 'After Fuzz',
        map_name: 'after',
        max_players: 42,
      };
      expect((await call('POST', '/api/v1/zones', zone)).status).toBe(201);
      expect((await call('GET', '/api/v1/zones/after-fuzz')).body).toMatchObject(zone);
      const ids = await sql<{ id: string }>(
        DB_URL,
        'SELECT zone_id AS id FROM zones UNION ALL SELECT host_id FROM hosts UNION ALL SELECT session_id FROM p2p_sessions UNION ALL SELECT player_id FROM session_players',
      );
      expect(ids.map((row) => row.id).filter((id) => !ID_PATTERN.test(id))).toEqual([]);

      process.stdout.write(
        `[reliability] REST fuzz: ${total} requests over ${operations.length} operations in ${elapsed} ms (seed ${SEED}, slowest ${slowest} ms), ` +
          `statuses ${JSON.stringify(Object.fromEntries(Object.entries(statuses).sort()))}, at least ${least('ownMethod')} per operation (${least('handled')} reaching the handler), ${serverErrors} 5xx, ${stackTraces} stack traces, ${failures.total} failures\n`,
      );
      expect(failures.report()).toEqual([]);
      expect(total).toBe(ROUNDS * operations.length);
      // Every operation was exercised with its own method, and a good share got past the guards,
      // router and parser to the handler (or its validation): a fuzz stuck at 401 proves little.
      expect(least('ownMethod')).toBeGreaterThanOrEqual(ROUNDS * 0.8);
      expect(least('handled')).toBeGreaterThanOrEqual(ROUNDS * 0.2);
      expect(node.output.split('\n').filter((line) => /\b(ERROR|FATAL)\b/.test(line))).toEqual([]);
    },
    FULL ? 1_800_000 : 120_000,
  );
});
