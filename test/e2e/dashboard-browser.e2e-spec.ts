import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_OPTIONS, runSimulation } from '@ro-p2p/client/simulator';
import { encodeFrame } from '../../src/protocol/frame-codec';
import { FrameFlag, PacketType } from '../../src/protocol/frame';
import { ProximityService } from '../../src/signaling/proximity.service';
import { ZoneSeederService } from '../../src/zones/zone-seeder.service';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import {
  DrawnModel,
  launchChromium,
  linkKeys,
  PageGlobal,
  positionsOf,
  sameMap,
  undirected,
} from '../utils/dashboard-page';
import { eventually, sleep } from '../utils/rest';
import { TEST_API_KEY } from '../utils/tokens';
import { joinPlayers, receivedLinks, seeded, walk, ZonePlayer } from '../utils/zone-players';

const PLAYERS = 40;
const ARTIFACTS = join(__dirname, '..', 'artifacts');

describe('Admin dashboard in a real browser', () => {
  let testApp: TestApp;
  let players: ZonePlayer[] = [];
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera,geffen',
      PROXIMITY_TICK_MS: '100',
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      // Two crowds of 40 from one address.
      WS_MAX_CONNECTIONS_PER_IP: '200',
    });
    // Own the shared test database for this file: the leave check below counts every player row.
    await resetDatabase(testApp);
    await testApp.app.get(ZoneSeederService).seed(['prontera', 'geffen']);
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
  });

  afterAll(async () => {
    await context?.close();
    await Promise.all(players.map((player) => player.client.close()));
    // Leaves are written in the background; let them land before the database goes away.
    try {
      await eventually(async () => {
        const [row] = await testApp.db.query<{ n: string }>('SELECT count(*)::text AS n FROM session_players');
        expect(row.n).toBe('0');
      }, 10_000);
    } finally {
      await testApp.close();
    }
    rmSync(profile, { recursive: true, force: true });
  });

  it('should draw every player and proximity link the coordinator computed and the players received', async () => {
    players = await joinPlayers(testApp.wsUrl, 'prontera', PLAYERS, 70);
    const random = seeded(11);
    // A few seconds of play: walking, chat relayed to neighbours, and some garbage for the rejection chart.
    for (let step = 0; step < 8; step++) {
      await sleep(250);
      walk(players, random);
      for (const player of players.slice(0, 10)) {
        player.client.ws.send(
          encodeFrame({
            type: PacketType.CHAT_MESSAGE,
            flags: FrameFlag.RELAY,
            payload: Buffer.from(`hi from ${player.peerId}`),
          }),
        );
      }
      players[step].client.ws.send(Buffer.from('definitely not a P2P2 frame'));
    }

    const proximity = testApp.app.get(ProximityService);
    const positions = positionsOf;
    const walked = positions(players.map((p) => ({ peer_id: p.peerId, x: p.x, y: p.y })));
    // Players stopped walking: wait until the grid has their last steps, its lists have settled (a
    // tick applies positions before it recomputes lists, with a lease renewal in between) and what
    // the players were told agrees with it.
    await eventually(async () => {
      const before = proximity.snapshot('prontera')!;
      await sleep(300);
      const snapshot = proximity.snapshot('prontera')!;
      expect(sameMap(before, snapshot)).toBe(true);
      expect(positions(snapshot.peers)).toEqual(walked);
      expect(receivedLinks(players)).toEqual(linkKeys(snapshot.links));
    }, 10_000);
    const expected = proximity.snapshot('prontera')!;
    expect(expected.links.length).toBeGreaterThan(PLAYERS);

    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    const browserErrors: string[] = [];
    page.on('pageerror', (error) => browserErrors.push(error.message));
    await page.goto(`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`);
    await page.waitForFunction(
      (count) => {
        const model = (globalThis as unknown as PageGlobal).__dashboardModel;
        return model !== undefined && model.peers.length === count && model.frames >= 3;
      },
      PLAYERS,
      { timeout: 15_000 },
    );
    const model = await page.evaluate(() => (globalThis as unknown as PageGlobal).__dashboardModel!);

    expect(model.zone).toBe('prontera');
    expect(positions(model.peers)).toEqual(positions(expected.peers));
    expect(positions(model.dots)).toEqual(walked);
    expect(linkKeys(model.links)).toEqual(linkKeys(expected.links));
    expect(linkKeys(model.links)).toEqual(receivedLinks(players));
    expect(model.edges.map(([a, b]) => `${a}|${b}`).sort()).toEqual(undirected(expected.links));
    for (const dot of model.dots) {
      expect(dot.px).toBeGreaterThanOrEqual(0);
      expect(dot.px).toBeLessThanOrEqual(900);
      expect(dot.py).toBeGreaterThanOrEqual(0);
      expect(dot.py).toBeLessThanOrEqual(640);
    }

    // The tables and the charts filled in from the overview and the traffic events.
    const pronteraRow = await page.locator('#zones tbody tr', { hasText: 'prontera' }).innerText({ timeout: 5000 });
    expect(pronteraRow).toContain(String(PLAYERS));
    await page.locator('#reject-legend', { hasText: 'bad_magic' }).waitFor({ timeout: 5000 });
    expect(await page.locator('#status').innerText()).toBe('live');
    expect(browserErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  }, 60_000);

  it('should follow players of the simulator live: every drawn map is one the proximity service computed', async () => {
    const proximity = testApp.app.get(ProximityService);
    const computed: { peers: DrawnModel['peers']; links: [string, string][] }[] = [];
    const original = proximity.snapshot.bind(proximity);
    const spy = jest.spyOn(proximity, 'snapshot').mockImplementation((zone: string) => {
      const result = original(zone);
      if (zone === 'geffen' && result) {
        computed.push(result);
        computed.splice(0, computed.length - 100);
      }
      return result;
    });
    const stop = new AbortController();
    const simulation = runSimulation(
      {
        ...DEFAULT_OPTIONS,
        urls: [testApp.url],
        players: PLAYERS,
        zones: ['geffen'],
        durationSec: 60,
        relayRate: 1,
        apiKey: TEST_API_KEY,
        world: { width: 100, height: 100, hotSpots: 3, hotSpotShare: 0.6, hotSpotRadius: 8 },
        reconnectBaseMs: 100,
        seed: 3,
      },
      { signal: stop.signal },
    );
    try {
      await eventually(() => expect(original('geffen')?.peers).toHaveLength(PLAYERS), 15_000);
      await page.goto(`${testApp.url}/dashboard?zone=geffen&api_key=${TEST_API_KEY}`);
      await page.waitForFunction(
        (count) =>
          ((globalThis as unknown as PageGlobal).__dashboardModel?.frames ?? 0) >= 3 &&
          (globalThis as unknown as PageGlobal).__dashboardModel?.peers.length === count,
        PLAYERS,
        { timeout: 15_000 },
      );
      // The players keep walking, so compare each drawn frame with what the coordinator computed recently.
      const seen = new Set<number>();
      for (let sample = 0; sample < 5; sample++) {
        const model = await page.evaluate(() => (globalThis as unknown as PageGlobal).__dashboardModel!);
        expect(model.zone).toBe('geffen');
        expect(model.peers).toHaveLength(PLAYERS);
        expect(computed.some((map) => sameMap(map, model))).toBe(true);
        expect(model.edges.map(([a, b]) => `${a}|${b}`).sort()).toEqual(undirected(model.links));
        seen.add(model.frames);
        await sleep(300);
      }
      expect(seen.size).toBeGreaterThanOrEqual(4);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-simulation.png'), fullPage: true });
    } finally {
      stop.abort();
      spy.mockRestore();
      const summary = await simulation;
      expect(summary.playersJoined).toBe(PLAYERS);
    }
  }, 90_000);
});
