import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_OPTIONS, runSimulation } from '@ro-p2p/client/simulator';
import { encodeFrame } from '../../src/protocol/frame-codec';
import { FrameFlag, PacketType } from '../../src/protocol/frame';
import { ZoneMapService as DashboardZoneMaps } from '../../src/dashboard/zone-map.service';
import { ProximityService } from '../../src/signaling/proximity.service';
import { ZoneSeederService } from '../../src/zones/zone-seeder.service';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import {
  cellPixel,
  DrawnModel,
  launchChromium,
  linkKeys,
  openSpots,
  PageGlobal,
  positionsOf,
  sameMap,
  undirected,
  uniformCells,
  ZoneMapBody,
} from '../utils/dashboard-page';
import { MAP_CACHE_FIXTURE } from '../utils/map-cache';
import { eventually, sleep } from '../utils/rest';
import { mintToken, TEST_API_KEY, TEST_JWT_SECRET } from '../utils/tokens';
import {
  joinPlayers,
  joinPlayersAt,
  positionFrame,
  receivedLinks,
  seeded,
  walk,
  ZonePlayer,
} from '../utils/zone-players';

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
        return (
          model !== undefined && model.peers.length === count && model.frames >= 3 && model.terrainStatus !== 'loading'
        );
      },
      PLAYERS,
      { timeout: 15_000 },
    );
    const model = await page.evaluate(() => (globalThis as unknown as PageGlobal).__dashboardModel!);

    expect(model.zone).toBe('prontera');
    // No MAP_CACHE_FILE: the map route answers 404 and the players are fitted on a grid, as before.
    expect(model.terrainStatus).toBe(404);
    expect(model.background).toBe('grid');
    expect(model.terrain).toBeNull();
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

describe('Admin dashboard in a real browser, with a map cache', () => {
  const KEY_HEADER = 'X-Admin-Key';
  const SPOTS = 6;
  let testApp: TestApp;
  let players: ZonePlayer[] = [];
  let context: BrowserContext | undefined;
  let profile: string;

  beforeAll(async () => {
    testApp = await createTestApp({
      MAP_CACHE_FILE: MAP_CACHE_FIXTURE,
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '100',
      // Both guards on: the map route (a client route) answers nobody without a credential, so a
      // drawn map proves the page sent the key, in the header this node names.
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      API_KEY_HEADER: KEY_HEADER,
      JWT_VALIDATION_ENABLED: 'true',
      JWT_SECRET_KEY: TEST_JWT_SECRET,
      // Three refused positions (10 points each) make a peer suspicious; one does not.
      MOVEMENT_SUSPICION_LIMIT: '20',
    });
    await resetDatabase(testApp);
    await testApp.app.get(ZoneSeederService).seed(['prontera']);
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
  });

  afterAll(async () => {
    await context?.close();
    await Promise.all(players.map((player) => player.client.close()));
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

  it('should draw prontera from its walkable cells, with the players on it and a suspicious peer marked', async () => {
    expect((await fetch(`${testApp.url}/api/v1/zones/prontera/map`)).status).toBe(401);
    const answer = await fetch(`${testApp.url}/api/v1/zones/prontera/map`, { headers: { [KEY_HEADER]: TEST_API_KEY } });
    expect(answer.status).toBe(200);
    const map = (await answer.json()) as ZoneMapBody;
    expect(map).toMatchObject({ zone_id: 'prontera', map_name: 'prontera', width: 312, height: 392 });

    // Players on open ground around the fountain; m000 then tries a wall three times, m001 once.
    const spots = openSpots(map, { x: 156, y: 191 }, SPOTS, 8);
    expect(spots).toHaveLength(SPOTS);
    players = await joinPlayersAt(testApp.wsUrl, 'prontera', spots, (peerId) => mintToken(peerId), 'm');
    const wall = uniformCells(map, false)[0];
    for (const [player, tries] of [
      [players[0], 3],
      [players[1], 1],
    ] as const) {
      for (let i = 0; i < tries; i++) {
        player.client.ws.send(positionFrame(wall.x, wall.y));
        const refused = await player.client.next((m) => m.type === 'error' && m.code === 'IMPLAUSIBLE_MOVE');
        expect(refused.reason).toBe('not_walkable');
      }
    }
    const proximity = testApp.app.get(ProximityService);
    await eventually(() =>
      expect(positionsOf(proximity.snapshot('prontera')?.peers ?? [])).toEqual(
        positionsOf(players.map((p) => ({ peer_id: p.peerId, x: p.x, y: p.y }))),
      ),
    );
    const served = testApp.app.get(DashboardZoneMaps).snapshot('prontera');
    expect(served.peers.find((p) => p.peer_id === 'm000')).toMatchObject({
      suspicion: 30,
      suspicious: true,
      refusals: 3,
    });
    expect(served.peers.find((p) => p.peer_id === 'm001')).toMatchObject({
      suspicion: 10,
      suspicious: false,
      refusals: 1,
    });
    expect(served.peers.find((p) => p.peer_id === 'm002')).toMatchObject({
      suspicion: 0,
      suspicious: false,
      refusals: 0,
    });

    context = await launchChromium(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    const browserErrors: string[] = [];
    page.on('pageerror', (error) => browserErrors.push(error.message));
    await page.goto(`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`);
    await page.waitForFunction(
      (count) => {
        const model = (globalThis as unknown as PageGlobal).__dashboardModel;
        return model !== undefined && model.background === 'cells' && model.peers.length === count && model.frames >= 2;
      },
      SPOTS,
      { timeout: 15_000 },
    );
    const model = await page.evaluate(() => (globalThis as unknown as PageGlobal).__dashboardModel!);
    expect(model.terrainStatus).toBe(200);
    expect(model.terrain).toEqual({
      map_name: 'prontera',
      width: 312,
      height: 392,
      walkable_cells: map.walkable_cells,
    });
    // The whole map fits the 900×640 canvas, cells square.
    expect(model.view.scale).toBeCloseTo(640 / 392, 5);

    // Each player's dot sits on its cell.
    for (const player of players) {
      const dot = model.dots.find((d) => d.peer_id === player.peerId)!;
      expect(dot).toMatchObject({ x: player.x, y: player.y });
      const centre = cellPixel(model.view, player.x, player.y);
      expect(Math.abs(dot.px - centre.px)).toBeLessThanOrEqual(1);
      expect(Math.abs(dot.py - centre.py)).toBeLessThanOrEqual(1);
    }
    expect(model.dots.find((d) => d.peer_id === 'm000')).toMatchObject({
      suspicious: true,
      suspicion: 30,
      refusals: 3,
    });
    expect(model.dots.find((d) => d.peer_id === 'm001')).toMatchObject({ suspicious: false, suspicion: 10 });

    // Canvas pixels: cells far from players, labels and edges read back as walkable or blocked.
    const clear = (cell: { x: number; y: number }): boolean =>
      cell.y >= 10 && players.every((p) => Math.max(Math.abs(p.x - cell.x), Math.abs(p.y - cell.y)) > 30);
    const every = <T>(list: T[], n: number): T[] => list.filter((_, i) => i % Math.ceil(list.length / n) === 0);
    const samples = [
      ...every(uniformCells(map, true).filter(clear), 150).map((cell) => ({ ...cell, walkable: true })),
      ...every(uniformCells(map, false).filter(clear), 150).map((cell) => ({ ...cell, walkable: false })),
    ];
    expect(samples.length).toBeGreaterThan(250);
    const read = await page.evaluate(
      ({ points }) => {
        const canvas = (globalThis as unknown as PageGlobal).document.getElementById('map');
        const ctx = canvas.getContext('2d');
        const colours = (globalThis as unknown as { Dashboard: { cellColours: Record<string, number[]> } }).Dashboard
          .cellColours;
        return {
          colours,
          pixels: points.map(({ px, py }) => Array.from(ctx.getImageData(px, py, 1, 1).data).slice(0, 3)),
        };
      },
      { points: samples.map((cell) => cellPixel(model.view, cell.x, cell.y)) },
    );
    const wrong = samples.filter(
      (cell, i) =>
        JSON.stringify(read.pixels[i]) !== JSON.stringify(cell.walkable ? read.colours.walkable : read.colours.blocked),
    );
    expect(wrong).toEqual([]);

    // The suspicious peer: a red dot in a red ring.
    const suspect = model.dots.find((d) => d.peer_id === 'm000')!;
    const ring = await page.evaluate(
      ({ px, py, r }) => {
        const canvas = (globalThis as unknown as PageGlobal).document.getElementById('map');
        const at = (x: number, y: number): number[] =>
          Array.from(canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data).slice(0, 3);
        return { centre: at(px, py), ring: at(px - r - 3, py) };
      },
      { px: suspect.px, py: suspect.py, r: suspect.radius },
    );
    for (const [red, green, blue] of [ring.centre, ring.ring]) {
      expect(red).toBeGreaterThan(180);
      expect(green).toBeLessThan(150);
      expect(blue).toBeLessThan(150);
    }

    // Its suspicion in the list under the map and in the tooltip of its dot.
    await page.locator('#suspects .pill.suspect[data-peer="m000"]', { hasText: 'm000 30' }).waitFor({ timeout: 5000 });
    await page.locator('#suspects .pill.watch[data-peer="m001"]', { hasText: 'm001 10' }).waitFor({ timeout: 5000 });
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.move(box.x + (suspect.px * box.width) / 900, box.y + (suspect.py * box.height) / 640);
    const tip = page.locator('#map-tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    expect(await tip.innerText()).toContain('suspicion 30 — suspicious · 3 refused');

    // Fits a 1280 px wide window: nothing scrolls sideways and the map keeps most of the width.
    const layout = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document;
      return { scrollWidth: doc.documentElement.scrollWidth };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(1280);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.width).toBeGreaterThan(600);
    expect(browserErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-map-cells.png'), fullPage: true });
  }, 60_000);
});
