import { readFileSync } from 'node:fs';
import { encodeFrame, encodePosition } from '../../src/protocol/frame-codec';
import { PacketType } from '../../src/protocol/frame';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { MAP_CACHE_FIXTURE, readTestMapCache, TestMap } from '../utils/map-cache';
import { TestWsClient } from '../utils/ws-client';

/**
 * The movement model on a real coordinator with rAthena's map cache (the committed fixture's
 * prontera): the moves players make every minute are accepted and never cost a connection, and what
 * no one can do is refused with IMPLAUSIBLE_MOVE and its reason, not applied, and not counted toward
 * the abuse limit. Cells are found in the fixture by an independent reader (test/utils/map-cache.ts).
 */
const prontera: TestMap = readTestMapCache(readFileSync(MAP_CACHE_FIXTURE)).get('prontera')!;
const walkable = (x: number, y: number): boolean =>
  x >= 0 &&
  y >= 0 &&
  x < prontera.width &&
  y < prontera.height &&
  [0, 2, 3, 4, 6].includes(prontera.cells[x + y * prontera.width]);

/** A row with `length` walkable cells in a row, starting at (x, y). */
function corridor(length: number, skip = 0): { x: number; y: number } {
  let found = 0;
  for (let y = 0; y < prontera.height; y++) {
    for (let x = 0; x + length < prontera.width; x++) {
      let ok = true;
      for (let i = 0; i < length && ok; i++) {
        ok = walkable(x + i, y) && walkable(x + i, y + 1) && walkable(x + i, y - 1);
      }
      if (ok && found++ === skip) {
        return { x, y };
      }
      if (ok) {
        x += length;
      }
    }
  }
  throw new Error(`no corridor of ${length} cells in prontera`);
}

/** A `length`-cell corridor at least `distance` cells (Chebyshev) from `from`. */
function corridorFarFrom(from: { x: number; y: number }, distance: number, length = 12): { x: number; y: number } {
  for (let skip = 0; ; skip++) {
    const spot = corridor(length, skip);
    if (Math.max(Math.abs(spot.x - from.x), Math.abs(spot.y - from.y)) >= distance) {
      return spot;
    }
  }
}

/** A wall cell (type 1) next to walkable ground. */
function wallNextToGround(): { x: number; y: number } {
  for (let y = 1; y < prontera.height - 1; y++) {
    for (let x = 1; x < prontera.width - 1; x++) {
      if (prontera.cells[x + y * prontera.width] === 1 && walkable(x - 1, y)) {
        return { x, y };
      }
    }
  }
  throw new Error('no wall in prontera');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const positionFrame = (x: number, y: number, walkSpeedMs = 150): Buffer =>
  encodeFrame({
    type: PacketType.POSITION_UPDATE,
    flags: 0,
    payload: encodePosition({ x, y, direction: 0, walkSpeedMs, clientTimeMs: 0 }),
  });

describe('Movement on real maps (MAP_CACHE_FILE)', () => {
  let testApp: TestApp;
  const clients: TestWsClient[] = [];

  const join = async (peerId: string): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera', capabilities: {} });
    await client.next('session_created');
    return client;
  };

  const movement = async (peerId: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${testApp.url}/api/v1/signaling/peers/${peerId}/movement`);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  /** Errors the client got, after giving the server time to answer everything sent. */
  const errorsOf = async (client: TestWsClient): Promise<Record<string, unknown>[]> => {
    await sleep(150);
    return client.messages.filter((m) => m.type === 'error');
  };

  const walk = async (
    send: (x: number, y: number) => void,
    from: { x: number; y: number },
    cells: number,
    msPerCell: number,
  ): Promise<void> => {
    for (let i = 1; i <= cells; i++) {
      await sleep(msPerCell);
      send(from.x + i, from.y);
    }
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      MAP_CACHE_FILE: MAP_CACHE_FIXTURE,
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '50',
      WS_MESSAGES_PER_SECOND: '2000',
      WS_MESSAGE_BURST: '2000',
    });
  });

  beforeEach(async () => {
    await resetDatabase(testApp);
    await testApp.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name, max_players) VALUES ('prontera','prontera','Prontera','prontera', 500)`,
    );
  });

  afterEach(async () => {
    for (const client of clients) {
      // Movement alone never disconnects anyone.
      expect(client.ws.readyState).toBe(client.ws.OPEN);
    }
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('accepts Fly Wing after Fly Wing, walking on from each landing (frames)', async () => {
    const a = await join('flyer');
    const start = corridor(12);
    const far = corridorFarFrom(start, 60);
    a.ws.send(positionFrame(start.x, start.y));
    for (let round = 0; round < 6; round++) {
      const spot = round % 2 === 0 ? far : start;
      await sleep(500);
      a.ws.send(positionFrame(spot.x, spot.y));
      await walk((x, y) => a.ws.send(positionFrame(x, y)), spot, 3, 150);
    }
    expect(await errorsOf(a)).toEqual([]);
    expect(await movement('flyer')).toMatchObject({ position: { x: start.x + 3, y: start.y }, relocations: 6 });
  });

  it('accepts an in-map warp and a knock-back of 1 to 10 cells on the JSON path', async () => {
    const a = await join('warper');
    const start = corridor(40);
    const warpTo = corridor(12, 5);
    a.send({ type: 'position', x: start.x, y: start.y });
    await sleep(150);
    a.send({ type: 'position', x: warpTo.x, y: warpTo.y });
    await walk((x, y) => a.send({ type: 'position', x, y }), warpTo, 2, 150);
    a.send({ type: 'position', x: start.x, y: start.y });
    for (let cells = 1; cells <= 10; cells++) {
      await sleep(100);
      a.send({ type: 'position', x: start.x + cells * 3, y: start.y });
    }
    expect(await errorsOf(a)).toEqual([]);
    expect(await movement('warper')).toMatchObject({ position: { x: start.x + 30, y: start.y } });
  });

  it('accepts a speed potion on both paths: 75 ms per cell by frames and 13 cells a second by JSON', async () => {
    const runner = await join('runner');
    const jogger = await join('jogger');
    const lane = corridor(40);
    runner.ws.send(positionFrame(lane.x, lane.y, 75));
    await walk((x, y) => runner.ws.send(positionFrame(x, y, 75)), lane, 20, 75);
    jogger.send({ type: 'position', x: lane.x, y: lane.y + 1 });
    for (let second = 1; second <= 3; second++) {
      await sleep(1000);
      jogger.send({ type: 'position', x: lane.x + 13 * second, y: lane.y + 1 });
    }
    expect(await errorsOf(runner)).toEqual([]);
    expect(await errorsOf(jogger)).toEqual([]);
    expect(await movement('jogger')).toMatchObject({ position: { x: lane.x + 39, y: lane.y + 1 } });
  });

  it('accepts a lag burst: 2 s of walking arriving at once', async () => {
    const a = await join('lagger');
    const lane = corridor(40);
    a.ws.send(positionFrame(lane.x, lane.y, 75));
    await walk((x, y) => a.ws.send(positionFrame(x, y, 75)), lane, 5, 75);
    await sleep(2000);
    for (let i = 6; i <= 32; i++) {
      a.ws.send(positionFrame(lane.x + i, lane.y, 75));
    }
    expect(await errorsOf(a)).toEqual([]);
    expect(await movement('lagger')).toMatchObject({ position: { x: lane.x + 32, y: lane.y } });
  });

  it('refuses a wall and a cell off the map with their reasons, applies neither, and goes on from the next valid one', async () => {
    const a = await join('ghost');
    const wall = wallNextToGround();
    a.ws.send(positionFrame(wall.x - 1, wall.y));
    await sleep(100);
    a.ws.send(positionFrame(wall.x, wall.y));
    expect(await a.next('error')).toMatchObject({ code: 'IMPLAUSIBLE_MOVE', reason: 'not_walkable' });
    a.send({ type: 'position', x: prontera.width + 5, y: 10 });
    expect(await a.next('error')).toMatchObject({ code: 'IMPLAUSIBLE_MOVE', reason: 'out_of_bounds' });
    expect(await movement('ghost')).toMatchObject({
      position: { x: wall.x - 1, y: wall.y },
      rejections: { not_walkable: 1, out_of_bounds: 1, too_fast: 0 },
    });
    const elsewhere = corridor(12, 3);
    a.ws.send(positionFrame(elsewhere.x, elsewhere.y));
    await sleep(150);
    expect(await movement('ghost')).toMatchObject({ position: elsewhere });
  });

  it('keeps the record across a reconnect: refusals, suspicion and no free first position', async () => {
    const wall = wallNextToGround();
    const first = await join('returner');
    first.ws.send(positionFrame(wall.x - 1, wall.y));
    await sleep(100);
    first.ws.send(positionFrame(wall.x, wall.y));
    await first.next('error');
    await first.close();
    clients.splice(clients.indexOf(first), 1);
    await sleep(1200);
    const second = await join('returner');
    second.ws.send(positionFrame(wall.x, wall.y));
    expect(await second.next('error')).toMatchObject({ code: 'IMPLAUSIBLE_MOVE', reason: 'not_walkable' });
    const record = await movement('returner');
    expect(record).toMatchObject({ position: { x: wall.x - 1, y: wall.y }, rejections: { not_walkable: 2 } });
    expect(record.suspicion).toBeGreaterThanOrEqual(19);
  });

  it('refuses sustained walking faster than the game allows as too_fast, without counting it as abuse', async () => {
    const a = await join('speeder');
    const lane = corridor(40);
    a.ws.send(positionFrame(lane.x, lane.y, 20));
    // 400 one-cell steps back and forth in one burst: the floor (20 ms per cell) allows ~160.
    for (let step = 1; step <= 400; step++) {
      const lap = Math.floor(step / 39);
      const offset = step % 39;
      a.ws.send(positionFrame(lap % 2 === 0 ? lane.x + offset : lane.x + 39 - offset, lane.y, 20));
    }
    const errors = await errorsOf(a);
    expect(errors.length).toBeGreaterThan(20);
    expect(new Set(errors.map((e) => `${String(e.code)}/${String(e.reason)}`))).toEqual(
      new Set(['IMPLAUSIBLE_MOVE/too_fast']),
    );
    // Over the abuse limit (20 refusals in 10 s) many times, and still open (checked after each test).
    expect((await movement('speeder')).rejections).toMatchObject({ too_fast: errors.length });
  });

  it('raises suspicion, not refusals, for teleports many times a second', async () => {
    const a = await join('blinker');
    const one = corridor(12);
    const two = corridorFarFrom(one, 60);
    for (let i = 0; i < 40; i++) {
      const spot = i % 2 === 0 ? one : two;
      a.ws.send(positionFrame(spot.x, spot.y));
      await sleep(50);
    }
    expect(await errorsOf(a)).toEqual([]);
    expect(await movement('blinker')).toMatchObject({ suspicious: true, relocations: 39 });
  });
});

describe('Movement with MOVEMENT_POLICY=kick', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      MAP_CACHE_FILE: MAP_CACHE_FIXTURE,
      MOVEMENT_POLICY: 'kick',
      P2P_ENABLED_ZONES: 'prontera',
    });
    await resetDatabase(testApp);
    await testApp.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name, max_players) VALUES ('prontera','prontera','Prontera','prontera', 500)`,
    );
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('closes a peer whose suspicion reaches the limit (1008), after IMPLAUSIBLE_MOVE with reason suspicion', async () => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    client.send({ type: 'create_session', peer_id: 'kicked-blinker', zone: 'prontera', capabilities: {} });
    await client.next('session_created');
    const one = corridor(12);
    const two = corridorFarFrom(one, 60);
    for (let i = 0; i < 40 && client.ws.readyState === client.ws.OPEN; i++) {
      const spot = i % 2 === 0 ? one : two;
      client.ws.send(positionFrame(spot.x, spot.y));
      await sleep(30);
    }
    expect(await client.next('error')).toMatchObject({ code: 'IMPLAUSIBLE_MOVE', reason: 'suspicion' });
    expect((await client.closed).code).toBe(1008);
  });
});
