import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { CoordinatorClient, PacketType } from '@ro-p2p/client';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { launchChromium } from '../utils/dashboard-page';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'packages', 'client', 'dist', 'browser', 'ro-p2p-client.js');

/** What the page's client saw, as the page records it. */
interface PageState {
  joined: string[];
  signals: { kind: string; from: string; body: unknown }[];
  relayed: { type: string; from: string; text: string }[];
  peers: string[];
  errors: string[];
}

/** The page's globals as the test sees them (the test compiles without the DOM library). */
type PageGlobal = {
  sdkState: PageState;
  sdkClient?: CoordinatorClient;
  startSdk(url: string, peerId: string, zone: string): Promise<{ zone: string; sessionId: string; frameKey: boolean }>;
};

/**
 * The page uses nothing but the bundle's global `RoP2P`, as a web page would: REST through fetch,
 * signaling through the browser's own WebSocket, and P2P2 frames authenticated in the page.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>RO P2P client SDK</title><link rel="icon" href="data:,">
<script src="/ro-p2p-client.js"></script>
<script>
  const state = { joined: [], signals: [], relayed: [], peers: [], errors: [] };
  window.sdkState = state;
  window.startSdk = async (url, peerId, zone) => {
    const client = new RoP2P.CoordinatorClient({ url, peerId, reconnect: false });
    window.sdkClient = client;
    client.on('peerJoined', (id) => state.joined.push(id));
    client.on('signal', (signal) => state.signals.push({ kind: signal.kind, from: signal.from, body: signal.body }));
    client.on('relayed', (frame) =>
      state.relayed.push({ type: frame.typeName, from: frame.senderPeerId, text: new TextDecoder().decode(frame.payload) }),
    );
    client.on('peerList', (event) => (state.peers = [...event.peers.keys()].sort()));
    client.on('error', (error) => state.errors.push(error.reason ? error.code + ':' + error.reason : error.code));
    const zoneInfo = await client.api.getZone(zone);
    await client.connect();
    const session = await client.join({ zone });
    return { zone: zoneInfo.zone_id, sessionId: session.sessionId, frameKey: typeof session.frameKey === 'string' };
  };
</script></head><body>SDK page</body></html>`;

describe('Client SDK bundle in a real browser', () => {
  let pageServer: Server;
  let pageOrigin: string;
  let testApp: TestApp;
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;
  let node: CoordinatorClient | undefined;
  const pageErrors: string[] = [];

  const state = (): Promise<PageState> => page.evaluate(() => (globalThis as unknown as PageGlobal).sdkState);
  const WAIT = { timeout: 10_000 };

  beforeAll(async () => {
    // The bundle as the package builds it (tsc -b, then esbuild from dist/), current with the sources.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), '--packages'], { cwd: ROOT, stdio: 'pipe' });
    const bundle = readFileSync(BUNDLE);
    pageServer = createServer((request, response) => {
      if (request.url === '/ro-p2p-client.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      } else if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '50',
      // Every frame must carry a MAC: the page's must be right to be accepted at all.
      FRAME_AUTH_REQUIRED: 'true',
      // The page is served from its own origin and calls the REST API.
      CORS_ORIGINS: pageOrigin,
    });
    profile = mkdtempSync(join(tmpdir(), 'sdk-chromium-'));
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        pageErrors.push(message.text());
      }
    });
  }, 120_000);

  afterAll(async () => {
    await page?.evaluate(() => (globalThis as unknown as PageGlobal).sdkClient?.close()).catch(() => undefined);
    await node?.close();
    await context?.close();
    await testApp?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    if (profile) {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('should join a zone from the page next to a Node client, see it join, and exchange signals and relayed frames', async () => {
    await page.goto(pageOrigin);
    const joined = await page.evaluate(
      ([url]) => (globalThis as unknown as PageGlobal).startSdk(url, 'browser-1', 'prontera'),
      [testApp.url],
    );
    expect(joined).toMatchObject({ zone: 'prontera', frameKey: true });

    node = new CoordinatorClient({ url: testApp.url, peerId: 'node-1', reconnect: false });
    await node.connect();
    const session = await node.join({ zone: 'prontera' });
    expect(session.sessionId).toBe(joined.sessionId);
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageGlobal).sdkState.joined.includes(id),
      'node-1',
      WAIT,
    );

    // A signal from Node, relayed by the coordinator to the page, and the page's answer back.
    node.sendOffer('browser-1', 'v=0 offer from node');
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageGlobal).sdkState.signals.some((s) => s.kind === 'offer' && s.from === id),
      'node-1',
      WAIT,
    );
    const answer = node.waitFor('signal', 10_000, (signal) => signal.kind === 'answer');
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobal).sdkClient!.sendAnswer('node-1', {
        type: 'answer',
        sdp: 'v=0 answer from browser',
      }),
    );
    expect((await answer)[0]).toMatchObject({
      from: 'browser-1',
      body: { type: 'answer', sdp: 'v=0 answer from browser' },
    });

    // Authenticated positions from both: each appears in the other's proximity list only if the
    // coordinator accepted its MAC (FRAME_AUTH_REQUIRED).
    const nodeSeesBrowser = node.waitFor('peerList', 10_000, (event) => event.peers.has('browser-1'));
    await page.evaluate(() => (globalThis as unknown as PageGlobal).sdkClient!.sendPosition(100, 100));
    node.sendPosition(103, 101);
    await nodeSeesBrowser;
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageGlobal).sdkState.peers.includes(id),
      'node-1',
      WAIT,
    );

    // Relayed frames both ways: binary WebSocket messages in the page, decoded by the bundle.
    node.sendRelay(PacketType.CHAT_MESSAGE, Buffer.from('hello browser'));
    await page.waitForFunction(
      (id) =>
        (globalThis as unknown as PageGlobal).sdkState.relayed.some(
          (f) => f.from === id && f.type === 'CHAT_MESSAGE' && f.text === 'hello browser',
        ),
      'node-1',
      WAIT,
    );
    const relayed = node.waitFor('relayed', 10_000);
    await page.evaluate(
      (type) =>
        (globalThis as unknown as PageGlobal).sdkClient!.sendRelay(type, new TextEncoder().encode('hello node')),
      PacketType.CHAT_MESSAGE,
    );
    const [frame] = await relayed;
    expect(frame).toMatchObject({ senderPeerId: 'browser-1', typeName: 'CHAT_MESSAGE' });
    expect(Buffer.from(frame.payload).toString()).toBe('hello node');

    const seen = await state();
    expect(seen.signals).toEqual([{ kind: 'offer', from: 'node-1', body: 'v=0 offer from node' }]);
    expect(seen.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
