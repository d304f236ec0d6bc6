import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { WebhookPublisher } from '../../src/webhooks/webhook-publisher.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeZoneBody } from '../utils/factories';
import { sample, scrape } from '../utils/prometheus';
import { eventually } from '../utils/rest';

const SECRET = 'e2e-webhook-secret-0123456789abcdef';

interface Received {
  at: number;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  body: { event: string; at: string; node_id: string; data: Record<string, unknown> };
  answered: number;
}

/** The receiver's side of the contract: HMAC over the raw bytes, compared in constant time. */
function verified(raw: Buffer, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
  const given = Buffer.from(typeof header === 'string' ? header : '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const listening = <T extends Server | TcpServer>(server: T): Promise<T> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
const portOf = (server: Server | TcpServer): number => (server.address() as AddressInfo).port;

describe('Webhooks (e2e)', () => {
  let testApp: TestApp;
  let receiver: Server;
  let silent: TcpServer;
  const silentSockets = new Set<Socket>();
  let closedPort: number;
  const received: Received[] = [];
  /** Answers the `updated` deliveries get, in order; every other delivery gets 200. */
  const updateAnswers = [500, 500, 200];

  beforeAll(async () => {
    receiver = await listening(
      createServer((request: IncomingMessage, response: ServerResponse) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = JSON.parse(raw.toString('utf8')) as Received['body'];
          const status =
            body.event === 'zone.updated' && body.data.action === 'updated' ? (updateAnswers.shift() ?? 200) : 200;
          received.push({ at: Date.now(), headers: request.headers, raw, body, answered: status });
          response.writeHead(status).end();
        });
      }),
    );
    // Accepts connections and never answers: every attempt ends in the timeout.
    silent = await listening(
      createTcpServer((socket) => {
        silentSockets.add(socket);
        socket.on('close', () => silentSockets.delete(socket));
        socket.on('error', () => undefined);
      }),
    );
    const closed = await listening(createTcpServer());
    closedPort = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));

    testApp = await createTestApp({
      WEBHOOK_URLS: [
        `http://127.0.0.1:${portOf(receiver)}/hooks/p2p?token=abc`,
        `http://127.0.0.1:${portOf(silent)}/hook`,
        `http://127.0.0.1:${closedPort}/hook`,
      ].join(','),
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_RETRY_BASE_MS: '150',
      WEBHOOK_MAX_ATTEMPTS: '3',
      NODE_ID: 'webhook-node',
    });
  });

  afterAll(async () => {
    await testApp?.close();
    silentSockets.forEach((socket) => socket.destroy());
    await Promise.all([
      new Promise((resolve) => receiver?.close(resolve)),
      new Promise((resolve) => silent?.close(resolve)),
    ]);
  });

  it('should send a signed zone.updated after an admin PATCH, retried past two 500s, without slowing the PATCH', async () => {
    const deliveries = async () => {
      const text = await scrape(testApp.url);
      return Object.fromEntries(
        ['delivered', 'failed', 'dropped'].map((result) => [
          result,
          sample(text, 'p2p_webhook_deliveries_total', { result }) ?? NaN,
        ]),
      );
    };
    const before = await deliveries();
    expect(Object.values(before).every(Number.isFinite)).toBe(true); // pre-created at 0

    const zone = makeZoneBody();
    const created = await fetch(`${testApp.url}/api/v1/zones`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(zone),
    });
    expect(created.status).toBe(201);

    const startedAt = Date.now();
    const patched = await fetch(`${testApp.url}/api/v1/zones/${String(zone.zone_id)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ max_players: 80, p2p_priority: 7 }),
    });
    const elapsed = Date.now() - startedAt;
    expect(patched.status).toBe(200);
    // Two receivers are dead (one never answers, one refuses): the PATCH does not wait for them.
    expect(elapsed).toBeLessThan(500);
    expect(testApp.app.get(WebhookPublisher).pending).toBeGreaterThan(0);

    const updates = () => received.filter((entry) => entry.body.data.action === 'updated');
    await eventually(() => expect(updates().map((entry) => entry.answered)).toEqual([500, 500, 200]), 10_000);

    const attempts = updates();
    for (const attempt of attempts) {
      expect(verified(attempt.raw, attempt.headers['x-p2pc-signature'])).toBe(true);
      expect(attempt.headers['content-type']).toBe('application/json');
      expect(attempt.headers['x-p2pc-event']).toBe('zone.updated');
    }
    // One delivery: the same id on every attempt, the same bytes, and waits that grow.
    expect(new Set(attempts.map((attempt) => attempt.headers['x-p2pc-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((attempt) => attempt.raw.toString('hex'))).size).toBe(1);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(140);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(290);
    expect(attempts[0].body).toEqual({
      event: 'zone.updated',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.+Z$/),
      node_id: 'webhook-node',
      data: {
        zone_id: zone.zone_id,
        action: 'updated',
        changes: { max_players: 80, p2p_priority: 7 },
        zone: expect.objectContaining({ max_players: 80, p2p_priority: 7, status: 'enabled' }),
      },
    });

    // The POST that created the zone was announced too (answered 200 at once).
    const upsert = received.find((entry) => entry.body.data.action === 'upserted');
    expect(upsert?.body.data).toMatchObject({ zone_id: zone.zone_id, changes: { max_players: 100 } });
    expect(verified(upsert!.raw, upsert!.headers['x-p2pc-signature'])).toBe(true);

    // The closed port fails fast and gives up after 3 attempts; the silent one is still timing out.
    await eventually(async () => {
      const now = await deliveries();
      expect(now.delivered - before.delivered).toBe(2);
      expect(now.dropped - before.dropped).toBeGreaterThanOrEqual(2); // both events to the closed port
    }, 10_000);
    const now = await deliveries();
    expect(now.failed - before.failed).toBeGreaterThanOrEqual(2 + 6);
  });
});
