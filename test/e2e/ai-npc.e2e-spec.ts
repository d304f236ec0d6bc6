import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { aiNpcRequests } from '../../src/ai/ai.metrics';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually, getJson, sleep } from '../utils/rest';
import { TestWsClient } from '../utils/ws-client';

const NPCS = [
  { npc_id: 'ai_merchant_005', name: 'Merchant Marcus', x: 140, y: 185 },
  { npc_id: 'ai_guard_001', name: 'Guard Thorne', x: 145, y: 175 },
];

/** How the fake AI service answers each zone: prontera at once, geffen never, payon with a 500. */
function fakeAiService(seen: { zone: string; apiKey: string | undefined }[], hanging: ServerResponse[]): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/api\/world\/zones\/([^/]+)\/npcs$/.exec(request.url ?? '');
    const zone = match ? decodeURIComponent(match[1]) : '';
    seen.push({ zone, apiKey: request.headers['x-api-key'] as string | undefined });
    if (zone === 'prontera') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ zone_id: zone, npcs: NPCS }));
    } else if (zone === 'geffen') {
      hanging.push(response);
    } else {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"boom"}');
    }
  });
}

async function outcomes(): Promise<Record<string, number>> {
  const values = (await aiNpcRequests.get()).values;
  return Object.fromEntries(values.map((value) => [String(value.labels.outcome), value.value]));
}

describe('AI service link: NPC updates pushed to zone peers', () => {
  let server: Server;
  let testApp: TestApp;
  const seen: { zone: string; apiKey: string | undefined }[] = [];
  const hanging: ServerResponse[] = [];
  const clients: TestWsClient[] = [];

  const joinDll = async (peerId: string, zone: string): Promise<{ client: TestWsClient; sessionId: string }> => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone, capabilities: {} });
    const created = await client.next('session_created');
    return { client, sessionId: created.session_id as string };
  };

  beforeAll(async () => {
    server = fakeAiService(seen, hanging);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera,geffen,payon,morocc',
      AI_SERVICE_ENABLED: 'true',
      AI_SERVICE_URL: `http://127.0.0.1:${port}/`,
      AI_SERVICE_API_KEY: 'ai-service-key',
      AI_SERVICE_TIMEOUT: '1',
      AI_NPC_POLL_SECONDS: '0.2',
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await testApp.close();
    hanging.forEach((response) => response.destroy());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('should push NPCs to both dialects, count timeouts and 500s, and never let a slow zone delay the others', async () => {
    const before = await outcomes();
    const dll = await joinDll('npc-dll', 'prontera');
    const reference = await TestWsClient.connect(testApp.wsUrl, '?peer_id=npc-ref');
    clients.push(reference);
    reference.send({ type: 'join', session_id: dll.sessionId });
    await reference.next('session-joined');
    const slow = await joinDll('npc-slow', 'geffen');
    const broken = await joinDll('npc-broken', 'payon');

    expect(await dll.client.next('npc_update', 3000)).toEqual({ type: 'npc_update', zone: 'prontera', npcs: NPCS });
    expect(await reference.next('npc-update', 3000)).toEqual({ type: 'npc-update', zone: 'prontera', npcs: NPCS });

    // geffen's first request hangs for the whole 1 s timeout; prontera keeps its 0.2 s rhythm meanwhile.
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      await dll.client.next('npc_update', 1000);
    }
    expect(Date.now() - started).toBeLessThan(1000);

    await eventually(async () => {
      const now = await outcomes();
      expect(now.timeout - before.timeout).toBeGreaterThanOrEqual(1);
      expect(now.http_error - before.http_error).toBeGreaterThanOrEqual(1);
      expect(now.ok - before.ok).toBeGreaterThanOrEqual(4);
    }, 5000);
    // A zone whose request is still in flight is not asked again until it settles.
    expect(hanging.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000) + 2);

    expect(slow.client.messages.filter((message) => message.type === 'npc_update')).toEqual([]);
    expect(broken.client.messages.filter((message) => message.type === 'npc_update')).toEqual([]);
    expect(new Set(seen.map((request) => request.zone))).toEqual(new Set(['prontera', 'geffen', 'payon']));
    expect(seen.every((request) => request.apiKey === 'ai-service-key')).toBe(true);
    expect((await getJson(testApp.url, '/health')).status).toBe(200);
  });

  it('should stop asking for a zone once its last peer has left', async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await sleep(300);
    const count = seen.length;
    await sleep(600);
    expect(seen.slice(count)).toEqual([]);
  });
});
