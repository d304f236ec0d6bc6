import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';
import { postJson } from '../utils/rest';

/**
 * What a client is told when a request is wrong: one message per field ("required" for a field it
 * did not send), 415 for a body that is not JSON, 422 naming a field the route does not know; and the
 * requests of the DLL and of the earlier coordinator's clients, extra fields included, still pass.
 */
interface Answer {
  status: number;
  body: any;
}

/** node:http, so the Content-Type (or its absence) reaches the server exactly as written. */
function send(url: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const target = new URL(url);
    const outgoing = httpRequest({ host: target.hostname, port: target.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A request written byte for byte as the DLL's HTTP client writes it (see the DLL client contract). */
function dllRequest(url: string, path: string, body: string, bearer?: string): Promise<Answer> {
  const target = new URL(url);
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${target.host}`,
    'Accept: application/json',
    ...(bearer ? [`Authorization: Bearer ${bearer}`] : []),
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Content-Type: application/json',
    'User-Agent: P2P-DLL/1.0.0',
    // The DLL sets it and its HTTP library adds it again.
    'Content-Type: application/json',
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      const payload = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status, body: JSON.parse(payload) });
    });
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function expectFields(answer: Answer, fields: { field: string; message: string }[]): void {
  expect(answer.status).toBe(422);
  expect(answer.body.code).toBe('VALIDATION_FAILED');
  expect(answer.body.errors).toEqual(fields);
}

describe('Validation messages', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  describe('one message per field', () => {
    it('should report a missing required field as required, not by its format and length rules', async () => {
      const body = makeHostBody();
      delete body.ip_address;
      const answer = await postJson(testApp.url, '/api/v1/hosts/register', body);
      expectFields(answer, [{ field: 'ip_address', message: 'ip_address is required' }]);
      expect(answer.body.message).toBe('Invalid request: ip_address is required');
      expect(answer.body.detail).toEqual([{ loc: ['ip_address'], msg: 'ip_address is required', type: 'value_error' }]);
    });

    it('should give a port of "seven" exactly one message, the type one', async () => {
      const answer = await postJson(testApp.url, '/api/v1/hosts/register', makeHostBody({ port: 'seven' }));
      expectFields(answer, [{ field: 'port', message: 'port must be an integer' }]);
    });

    it('should list only the required fields a one-field heartbeat left out, once each', async () => {
      const host = makeHostBody();
      expect((await postJson(testApp.url, '/api/v1/hosts/register', host)).status).toBe(201);
      const answer = await postJson(testApp.url, `/api/v1/hosts/${String(host.host_id)}/heartbeat`, {
        latency_ms: 20,
      });
      expectFields(
        answer,
        ['packet_loss_percent', 'bandwidth_usage_mbps', 'current_players', 'current_zones'].map((field) => ({
          field,
          message: `${field} is required`,
        })),
      );
    });

    it('should say nothing about the optional fields a partial update did not send', async () => {
      const zone = makeZoneBody();
      expect((await postJson(testApp.url, '/api/v1/zones', zone)).status).toBe(201);
      const answer = await send(
        testApp.url,
        'PATCH',
        `/api/v1/zones/${String(zone.zone_id)}`,
        JSON.stringify({ p2p_priority: 11 }),
        JSON_HEADERS,
      );
      expectFields(answer, [{ field: 'p2p_priority', message: 'p2p_priority must not be greater than 10' }]);
    });
  });

  describe('bodies that are not JSON', () => {
    const message = (type: string): string =>
      `Content-Type ${type} is not accepted; send the body as JSON with Content-Type: application/json`;

    it.each([
      ['form-encoded (curl -d without -H)', 'application/x-www-form-urlencoded', 'peer_id=player-1'],
      ['text/plain', 'text/plain', '{"peer_id":"player-1"}'],
      ['multipart', 'multipart/form-data; boundary=x', '--x--'],
    ])('should answer a %s body with 415 UNSUPPORTED_MEDIA_TYPE saying to send JSON', async (_label, type, body) => {
      const answer = await send(testApp.url, 'POST', '/api/v1/auth/token', body, { 'content-type': type });
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        status_code: 415,
        message: message(type.split(';')[0]),
      });
    });

    it('should answer a body without any Content-Type with 415 too', async () => {
      const answer = await send(testApp.url, 'POST', '/api/v1/auth/token', '{"peer_id":"player-1"}');
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          'The request has a body but no Content-Type; send the body as JSON with Content-Type: application/json',
      });
    });

    it('should still answer a POST without a body (and without a Content-Type)', async () => {
      const zone = makeZoneBody();
      expect((await postJson(testApp.url, '/api/v1/zones', zone)).status).toBe(201);
      expect((await send(testApp.url, 'POST', `/api/v1/zones/${String(zone.zone_id)}/disable-p2p`)).status).toBe(200);
    });

    it('should take JSON with a charset parameter or in capitals', async () => {
      for (const type of ['application/json; charset=utf-8', 'APPLICATION/JSON']) {
        const answer = await send(testApp.url, 'POST', '/api/v1/auth/token', '{"player_id":"player-1"}', {
          'content-type': type,
        });
        expect(answer.status).toBe(200);
      }
    });
  });

  describe('unknown fields', () => {
    it('should refuse a misspelt field with 422 naming it, not answer 200 and drop it', async () => {
      const zone = makeZoneBody();
      expect((await postJson(testApp.url, '/api/v1/zones', zone)).status).toBe(201);
      const answer = await send(
        testApp.url,
        'PATCH',
        `/api/v1/zones/${String(zone.zone_id)}`,
        JSON.stringify({ p2p_priorty: 3, zone_display_name: 'Renamed' }),
        JSON_HEADERS,
      );
      expectFields(answer, [{ field: 'p2p_priorty', message: 'unknown field: p2p_priorty' }]);
      expect(answer.body.message).toBe('Invalid request: unknown field: p2p_priorty');
      const after = await send(testApp.url, 'GET', `/api/v1/zones/${String(zone.zone_id)}`);
      expect(after.body.zone_display_name).toBe(zone.zone_display_name);
    });

    it('should name an unknown field inside a nested object by its path', async () => {
      const answer = await postJson(
        testApp.url,
        '/api/v1/hosts/register',
        makeHostBody({ ice_servers: [{ urls: 'stun:stun.example.org:3478', url: 'stun:typo' }] }),
      );
      expectFields(answer, [{ field: 'ice_servers.0.url', message: 'unknown field: ice_servers.0.url' }]);
    });

    it('should refuse a body that is not a JSON object with one message', async () => {
      const answer = await send(testApp.url, 'POST', '/api/v1/hosts/register', '[]', JSON_HEADERS);
      expectFields(answer, [{ field: 'body', message: 'the body must be a JSON object' }]);
    });

    it('should keep ignoring unknown query parameters', async () => {
      expect((await send(testApp.url, 'GET', '/api/v1/zones?_=1767225600')).status).toBe(200);
    });
  });

  describe("the clients' own requests", () => {
    it("should accept the DLL's token and refresh requests exactly as it writes them", async () => {
      const token = await dllRequest(
        testApp.url,
        '/api/v1/auth/token',
        '{"client_version":"1.0.0","peer_id":"150001","timestamp":1767225600}',
      );
      expect(token.status).toBe(200);
      expect(typeof token.body.token).toBe('string');
      const refreshed = await dllRequest(testApp.url, '/api/v1/auth/refresh', '{}', token.body.token);
      expect(refreshed.status).toBe(200);
      expect(typeof refreshed.body.token).toBe('string');
    });

    it("should accept the earlier coordinator's token request with its optional fields", async () => {
      const answer = await postJson(testApp.url, '/api/v1/auth/token', {
        player_id: 'test_player_123',
        user_id: 'test_user_456',
        api_key: 'anything',
      });
      expect(answer.status).toBe(200);
    });

    it('should accept and ignore the extra host fields the earlier clients send', async () => {
      const answer = await postJson(
        testApp.url,
        '/api/v1/hosts/register',
        makeHostBody({ quality_score: 1, nat_type: 'symmetric', max_players: 20, max_zones: 2 }),
      );
      expect(answer.status).toBe(201);
      expect(answer.body.quality_score).toBeGreaterThan(1);
      expect(answer.body).not.toHaveProperty('nat_type');
      expect(answer.body).toMatchObject({ max_players: 20, max_zones: 2 });
    });

    it('should accept and ignore a status in a zone creation (a zone is created enabled)', async () => {
      const answer = await postJson(testApp.url, '/api/v1/zones', makeZoneBody({ status: 'maintenance' }));
      expect(answer.status).toBe(201);
      expect(answer.body.status).toBe('enabled');
    });

    it("should accept and ignore the earlier tests' packet_loss_rate and quality_score in session metrics", async () => {
      const host = makeHostBody();
      const zone = makeZoneBody();
      expect((await postJson(testApp.url, '/api/v1/hosts/register', host)).status).toBe(201);
      expect((await postJson(testApp.url, '/api/v1/zones', zone)).status).toBe(201);
      const session = await postJson(testApp.url, '/api/v1/sessions', {
        host_id: host.host_id,
        zone_id: zone.zone_id,
        player_ids: [],
      });
      expect(session.status).toBe(201);
      const answer = await send(
        testApp.url,
        'PATCH',
        `/api/v1/sessions/${String(session.body.id)}/metrics`,
        JSON.stringify({ avg_latency_ms: 45.5, packet_loss_rate: 0.01, quality_score: 8.5 }),
        JSON_HEADERS,
      );
      expect(answer.status).toBe(200);
      const after = await send(testApp.url, 'GET', `/api/v1/sessions/${String(session.body.id)}`);
      expect(after.body).toMatchObject({ average_latency_ms: 45.5, average_packet_loss_percent: 0 });
    });
  });
});
