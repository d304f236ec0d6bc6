import { Agent, request as httpRequest } from 'node:http';
import { MAX_JSON_DEPTH } from '../../src/common/http/json-body-parser';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeZoneBody } from '../utils/factories';

/**
 * Requests broken below the handlers (found by the REST fuzz, test/reliability/rest-fuzz): every
 * one gets the project's error body, never a 500, Fastify's own shape or a plain-text answer.
 */
interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** node:http, so the path and body reach the server byte for byte (fetch would normalise them). */
function raw(
  url: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
  agent?: Agent,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: text.startsWith('{') ? JSON.parse(text) : text,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function expectError(res: Raw, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ code, status_code: status });
  expect(typeof res.body.correlation_id).toBe('string');
}

describe('Malformed requests', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it.each([
    ['arrays nested 10,000 deep', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['objects nested 10,000 deep', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
    [
      'an extra field one level over the limit',
      JSON.stringify({
        ...makeZoneBody(),
        extra: JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`),
      }),
    ],
  ])('should answer 422 VALIDATION_FAILED, not a 500 from a stack overflow, for a body of %s', async (_label, body) => {
    expectError(await raw(testApp.url, 'POST', '/api/v1/zones', body), 422, 'VALIDATION_FAILED');
  });

  it('should still accept a body nested up to the limit, and keep refusing prototype poisoning', async () => {
    const extra = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`);
    // Past the parser and into validation, which names the field no zone has (not the depth).
    const deep = await raw(testApp.url, 'POST', '/api/v1/zones', JSON.stringify({ ...makeZoneBody(), extra }));
    expectError(deep, 422, 'VALIDATION_FAILED');
    expect(deep.body.errors).toEqual([{ field: 'extra', message: 'unknown field: extra' }]);
    expectError(await raw(testApp.url, 'POST', '/api/v1/zones', '{"__proto__":{"admin":true}}'), 422, 'INVALID_JSON');
    expectError(await raw(testApp.url, 'POST', '/api/v1/zones', ''), 422, 'INVALID_JSON');
    // Answered from the declared length alone (the body is never sent, so no write races the answer).
    expectError(
      await raw(testApp.url, 'POST', '/api/v1/zones', undefined, {
        'content-type': 'application/json',
        'content-length': '1100000',
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it.each([
    ['a malformed percent-encoding', '/api/v1/hosts/%ff%fe'],
    ['a lone percent sign', '/api/v1/zones/%'],
    ['an over-long path segment', `/api/v1/hosts/${'a'.repeat(300)}`],
  ])('should answer 400 BAD_REQUEST in the project shape for %s, without echoing the URL', async (_label, path) => {
    const res = await raw(testApp.url, 'GET', path);
    expectError(res, 400, 'BAD_REQUEST');
    expect(res.headers['x-request-id']).toBe(res.body.correlation_id);
    expect(JSON.stringify(res.body)).not.toContain('/api/v1');
  });

  it('should answer headers over the size limit with 400 and Connection: close, so a keep-alive client goes on', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const res = await raw(testApp.url, 'GET', `/api/v1/zones?q=${'a'.repeat(20_000)}`, undefined, {}, agent);
      expectError(res, 400, 'BAD_REQUEST');
      expect(res.headers.connection).toBe('close');
      expect((await raw(testApp.url, 'GET', '/health/live', undefined, {}, agent)).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('should answer an OPTIONS request that is not a CORS preflight without a plain-text 400', async () => {
    const res = await raw(testApp.url, 'OPTIONS', '/api/v1/zones');
    expect(res.status).toBeLessThan(300);
  });
});
