import { request as httpRequest } from 'node:http';
import { DashboardStreamService, MAX_STREAMS } from '../../src/dashboard/dashboard-stream.service';
import { TrafficHistory } from '../../src/dashboard/traffic-history.service';
import { ProximityService } from '../../src/signaling/proximity.service';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { eventually, getJson } from '../utils/rest';
import { openSse, SseStream } from '../utils/sse';
import { TEST_API_KEY } from '../utils/tokens';
import { openSpots, uniformCells, ZoneMapBody } from '../utils/dashboard-page';
import { MAP_CACHE_FIXTURE } from '../utils/map-cache';
import { joinPlayers, joinPlayersAt, positionFrame, receivedLinks, ZonePlayer } from '../utils/zone-players';

/** A GET whose path reaches the server exactly as written. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const outgoing = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const linkKeys = (links: [string, string][]): string[] => links.map(([a, b]) => `${a}>${b}`).sort();

describe('Admin dashboard: page, JSON and event stream', () => {
  let testApp: TestApp;
  let players: ZonePlayer[] = [];
  const streams: SseStream[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({ PROXIMITY_TICK_MS: '50' });
  });

  beforeEach(async () => {
    await resetDatabase(testApp);
    await testApp.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name, max_players) VALUES ('prontera','prontera','Prontera','prontera', 500), ('geffen','geffen','Geffen','geffen', 100)`,
    );
  });

  afterEach(async () => {
    streams.splice(0).forEach((stream) => stream.close());
    await Promise.all(players.splice(0).map((player) => player.client.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should serve the page and its assets, but not the page through the asset route', async () => {
    const page = await fetch(`${testApp.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<canvas id="map"');
    for (const asset of [
      'api.js',
      'app.js',
      'map.js',
      'charts.js',
      'labels.js',
      'sse.js',
      'signin.js',
      'moderation.js',
      'style.css',
      'favicon.svg',
    ]) {
      expect((await fetch(`${testApp.url}/dashboard/assets/${asset}`)).status).toBe(200);
    }
    expect((await fetch(`${testApp.url}/dashboard/assets/index.html`)).status).toBe(404);
  });

  it('should report zones, sessions and hosts, and the zone map as the proximity service computes it', async () => {
    players = await joinPlayers(testApp.wsUrl, 'prontera', 12, 30);
    const proximity = testApp.app.get(ProximityService);
    await eventually(() => expect(proximity.snapshot('prontera')?.peers).toHaveLength(12));

    const overview = await getJson(testApp.url, '/dashboard/api/overview');
    expect(overview.status).toBe(200);
    const prontera = overview.body.zones.find((zone: { zone_id: string }) => zone.zone_id === 'prontera');
    expect(prontera).toMatchObject({ players: 12, connected_here: 12, proximity_here: true, p2p_enabled: true });
    expect(overview.body.sessions).toMatchObject({ open: 1, players: 12, hostless: 1 });
    expect(overview.body.sessions.recent[0]).toMatchObject({ zone_id: 'prontera', current_players: 12 });
    expect(overview.body.hosts).toMatchObject({ total: 0, online: 0, shown: [] });

    await eventually(async () => {
      const snapshot = await getJson(testApp.url, '/dashboard/api/zones/prontera/snapshot');
      const expected = proximity.snapshot('prontera')!;
      expect(snapshot.body.source).toBe('owner');
      expect(snapshot.body.peers).toHaveLength(12);
      expect(linkKeys(snapshot.body.links)).toEqual(linkKeys(expected.links));
      // What the players were told is what the dashboard shows.
      expect(linkKeys(snapshot.body.links)).toEqual(receivedLinks(players));
    });
    expect((await getJson(testApp.url, '/dashboard/api/zones/nowhere/snapshot')).body.code).toBe('ZONE_NOT_FOUND');
  });

  it('should stream map updates 4–5 times a second and stop when the client goes away', async () => {
    players = await joinPlayers(testApp.wsUrl, 'prontera', 5, 20);
    const service = testApp.app.get(DashboardStreamService);
    const stream = await openSse(`${testApp.url}/dashboard/stream?zone=prontera`);
    streams.push(stream);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(service.activeStreams).toBe(1);

    const events = await stream.take(14, 6000);
    const maps = events.filter((event) => event.event === 'map');
    const seconds = (maps[maps.length - 1].at - maps[0].at) / 1000;
    const rate = (maps.length - 1) / seconds;
    expect(rate).toBeGreaterThanOrEqual(3.5);
    expect(rate).toBeLessThanOrEqual(5.5);
    expect(events.some((event) => event.event === 'traffic')).toBe(true);
    const last = JSON.parse(maps[maps.length - 1].data) as { zone: string; peers: unknown[] };
    expect(last.zone).toBe('prontera');
    expect(last.peers).toHaveLength(5);

    stream.close();
    await eventually(() => expect(service.activeStreams).toBe(0));
  });

  it('should refuse a stream for a bad or unknown zone, and more than the stream cap', async () => {
    expect((await fetch(`${testApp.url}/dashboard/stream?zone=no%20such`)).status).toBe(422);
    expect((await fetch(`${testApp.url}/dashboard/stream?zone=nowhere`)).status).toBe(404);
    for (let i = 0; i < MAX_STREAMS; i++) {
      streams.push(await openSse(`${testApp.url}/dashboard/stream?zone=geffen`));
    }
    const refused = await getJson(testApp.url, '/dashboard/stream?zone=geffen');
    expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    streams.pop()!.close();
    const service = testApp.app.get(DashboardStreamService);
    await eventually(() => expect(service.activeStreams).toBe(MAX_STREAMS - 1));
  });

  it('should keep per-zone frame and rejection rates for the last minute', async () => {
    players = await joinPlayers(testApp.wsUrl, 'geffen', 2, 5);
    const history = testApp.app.get(TrafficHistory);
    history.sample();
    players[0].client.ws.send(Buffer.from('not a frame at all'));
    await players[0].client.next((message) => message.type === 'error' && message.reason === 'bad_magic');
    history.sample();
    const samples = history.series('geffen');
    const total = (pick: (sample: (typeof samples)[number]) => number): number =>
      samples.reduce((sum, sample) => sum + pick(sample), 0);
    expect(total((sample) => sample.frames_in)).toBe(3);
    expect(total((sample) => sample.rejected.bad_magic ?? 0)).toBe(1);
    expect(total((sample) => sample.bytes_in)).toBeGreaterThan(0);
  });
});

describe('Admin dashboard with API keys on', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    // Rate limits on as in production: the limiter reads the credentials too.
    testApp = await createTestApp({
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      P2P_ENABLED_ZONES: 'prontera',
      RATE_LIMIT_ENABLED: 'true',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should serve the page to anyone, and its JSON and stream only with the key in its header', async () => {
    // The page holds no data: it must load to show the sign-in form.
    expect((await fetch(`${testApp.url}/dashboard`)).status).toBe(200);
    expect((await getJson(testApp.url, '/dashboard/api/overview')).status).toBe(401);
    expect((await fetch(`${testApp.url}/dashboard/api/overview`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${testApp.url}/dashboard/api/overview`, { headers: { 'x-api-key': TEST_API_KEY } })).status,
    ).toBe(200);
    // A key in the query string opens nothing: it would sit in browser history and proxies' logs.
    expect((await getJson(testApp.url, `/dashboard/api/overview?api_key=${TEST_API_KEY}`)).status).toBe(401);
    expect((await fetch(`${testApp.url}/dashboard/stream?zone=prontera&api_key=${TEST_API_KEY}`)).status).toBe(401);
    expect((await fetch(`${testApp.url}/dashboard/stream?zone=prontera`)).status).toBe(401);
    const stream = await openSse(`${testApp.url}/dashboard/stream?zone=prontera`, { 'x-api-key': TEST_API_KEY });
    try {
      expect(stream.status).toBe(200);
      expect((await stream.take(1)).map((event) => event.event)).toEqual(['map']);
    } finally {
      stream.close();
    }
    // The assets hold no data and load without the key.
    expect((await fetch(`${testApp.url}/dashboard/assets/app.js`)).status).toBe(200);
  });

  it('should send a browser that opens a data route without the key to the page, and answer everything else as before', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    for (const path of [
      '/dashboard/api/overview',
      '/dashboard/api/zones/prontera/snapshot',
      '/dashboard/stream?zone=prontera',
    ]) {
      const navigation = await fetch(`${testApp.url}${path}`, { headers: html, redirect: 'manual' });
      expect({ path, status: navigation.status, location: navigation.headers.get('location') }).toEqual({
        path,
        status: 303,
        location: '/dashboard',
      });
    }
    // With the key, as JSON, or from a script (no text/html), the guard answers as on any route.
    const keyed = await fetch(`${testApp.url}/dashboard/api/overview`, {
      headers: { ...html, 'x-api-key': TEST_API_KEY },
      redirect: 'manual',
    });
    expect(keyed.status).toBe(200);
    const wrong = await fetch(`${testApp.url}/dashboard/api/overview`, {
      headers: { ...html, 'x-api-key': 'wrong' },
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('INVALID_API_KEY');
    expect((await fetch(`${testApp.url}/dashboard/api/overview`, { redirect: 'manual' })).status).toBe(401);
  });

  it('should never serve the page through another spelling of the asset path', async () => {
    // Sent byte for byte (fetch would normalise `./` and `../` away before they reach the server).
    for (const path of [
      './index.html',
      '%2e/index.html',
      '.%2findex.html',
      '/index.html',
      'x/../index.html',
      'x/%2e%2e/index.html',
      'index.html%00',
      'INDEX.HTML',
    ]) {
      const answer = await rawGet(testApp.url, `/dashboard/assets/${path}`);
      expect({ path, refused: answer.status >= 400, page: answer.body.includes('<canvas id="map"') }).toEqual({
        path,
        refused: true,
        page: false,
      });
    }
  });
});

describe('Admin dashboard with a map cache: movement suspicion on the map', () => {
  let testApp: TestApp;
  let players: ZonePlayer[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({
      MAP_CACHE_FILE: MAP_CACHE_FIXTURE,
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '50',
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      API_KEY_HEADER: 'X-Admin-Key',
      MOVEMENT_SUSPICION_LIMIT: '20',
    });
  });

  afterAll(async () => {
    await Promise.all(players.splice(0).map((player) => player.client.close()));
    await testApp.close();
  });

  it('should name the configured key header in the page, for its calls to API routes', async () => {
    const page = await fetch(`${testApp.url}/dashboard`);
    expect(await page.text()).toContain('<meta name="api-key-header" content="x-admin-key">');
  });

  it("should stream each player's decayed suspicion, whether it is suspicious, and its refused positions", async () => {
    const map = (await getJson(testApp.url, '/api/v1/zones/prontera/map')).body as ZoneMapBody;
    expect(map.width).toBe(312);
    players = await joinPlayersAt(testApp.wsUrl, 'prontera', openSpots(map, { x: 156, y: 191 }, 3, 6), undefined, 's');
    const wall = uniformCells(map, false)[0];
    for (let i = 0; i < 3; i++) {
      players[0].client.ws.send(positionFrame(wall.x, wall.y));
      await players[0].client.next((m) => m.type === 'error' && m.code === 'IMPLAUSIBLE_MOVE');
    }
    players[1].client.ws.send(positionFrame(65535, 5));
    await players[1].client.next((m) => m.type === 'error' && m.code === 'IMPLAUSIBLE_MOVE');

    const stream = await openSse(`${testApp.url}/dashboard/stream?zone=prontera`, { 'x-admin-key': TEST_API_KEY });
    try {
      await eventually(async () => {
        const event = (await stream.take(2)).filter((e) => e.event === 'map').pop()!;
        const peers = (JSON.parse(event.data) as { peers: { peer_id: string }[] }).peers;
        expect(peers.sort((a, b) => a.peer_id.localeCompare(b.peer_id))).toEqual([
          { peer_id: 's000', x: players[0].x, y: players[0].y, suspicion: 30, suspicious: true, refusals: 3 },
          { peer_id: 's001', x: players[1].x, y: players[1].y, suspicion: 10, suspicious: false, refusals: 1 },
          { peer_id: 's002', x: players[2].x, y: players[2].y, suspicion: 0, suspicious: false, refusals: 0 },
        ]);
      });
    } finally {
      stream.close();
    }
    // The admin route of one peer's movement tells the same.
    const movement = await getJson(testApp.url, `/api/v1/signaling/peers/s000/movement`, {
      'x-admin-key': TEST_API_KEY,
    });
    expect(movement.body).toMatchObject({ peer_id: 's000', suspicious: true, rejections: { not_walkable: 3 } });
  });
});
