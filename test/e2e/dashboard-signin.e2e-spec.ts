import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { ProximityService } from '../../src/signaling/proximity.service';
import { ZoneSeederService } from '../../src/zones/zone-seeder.service';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { DrawnModel, launchChromium, PageGlobal } from '../utils/dashboard-page';
import { makeHostBody } from '../utils/factories';
import { eventually } from '../utils/rest';
import { mintToken, request, TEST_API_KEY, TEST_JWT_SECRET } from '../utils/tokens';
import { joinPlayersAt, ZonePlayer } from '../utils/zone-players';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const KEY_HEADER = 'X-Admin-Key';

/** A crowd at a warp (30 players within 2 cells of one spot) and a few players far from it. */
const HOT_SPOT = Array.from({ length: 30 }, (_, i) => ({ x: 150 + (i % 5) - 2, y: 150 + Math.floor(i / 5) - 2 }));
const SPREAD = [
  { x: 40, y: 60 },
  { x: 260, y: 240 },
  { x: 70, y: 230 },
  { x: 240, y: 50 },
];

/** What a browser test reads of the page's layout. */
interface Layout {
  innerWidth: number;
  scrollWidth: number;
  /** Per table: its width against the card that holds it, and where its last column ends. */
  tables: { id: string; tableWidth: number; cardWidth: number; lastColumnRight: number; cardRight: number }[];
}

const readLayout = (page: Page): Promise<Layout> =>
  page.evaluate(() => {
    type Box = { left: number; right: number; width: number };
    type El = {
      scrollWidth: number;
      clientWidth: number;
      getBoundingClientRect(): Box;
      closest(selector: string): El;
      querySelector(selector: string): El;
    };
    const g = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: El; querySelectorAll(selector: string): ArrayLike<El & { id: string }> };
    };
    const tables = Array.from(g.document.querySelectorAll('main#dashboard table')).map((table) => {
      const card = table.closest('.card');
      const last = table.querySelector('thead th:last-child');
      return {
        id: table.id,
        tableWidth: table.scrollWidth,
        cardWidth: card.clientWidth,
        lastColumnRight: last.getBoundingClientRect().right,
        cardRight: card.getBoundingClientRect().right,
      };
    });
    return { innerWidth: g.innerWidth, scrollWidth: g.document.documentElement.scrollWidth, tables };
  });

const visible = async (page: Page, selector: string): Promise<boolean> => page.locator(selector).isVisible();

describe('Admin dashboard sign-in, layout and map labels in a real browser', () => {
  let testApp: TestApp;
  let players: ZonePlayer[] = [];
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;
  /** Every URL the browser asked for, to prove no credential ever went into one. */
  const requested: string[] = [];
  const browserErrors: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '100',
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
      API_KEY_HEADER: KEY_HEADER,
      // Both guards on, so a player's token is a known caller the dashboard refuses (403).
      JWT_VALIDATION_ENABLED: 'true',
      JWT_SECRET_KEY: TEST_JWT_SECRET,
      WS_MAX_CONNECTIONS_PER_IP: '100',
    });
    await resetDatabase(testApp);
    await testApp.app.get(ZoneSeederService).seed(['prontera']);
    const key = { [KEY_HEADER]: TEST_API_KEY };
    for (const n of [1, 2, 3]) {
      const host = makeHostBody({ host_id: `pc-7f3a9c1e-prontera-0${n}`, player_name: `Hostname${n}` });
      expect((await request(testApp.url, 'POST', '/api/v1/hosts/register', key, host)).status).toBe(201);
    }
    players = await joinPlayersAt(testApp.wsUrl, 'prontera', [...HOT_SPOT, ...SPREAD], (id) => mintToken(id), '15');
    const proximity = testApp.app.get(ProximityService);
    await eventually(() => expect(proximity.snapshot('prontera')?.peers).toHaveLength(players.length), 10_000);
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => browserErrors.push(error.message));
    page.on('request', (req) => requested.push(req.url()));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

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

  it('should serve the page and the icon without a credential, and keep the data closed', async () => {
    const pageAnswer = await fetch(`${testApp.url}/dashboard`);
    expect(pageAnswer.status).toBe(200);
    expect(pageAnswer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(pageAnswer.headers.get('content-security-policy')).toContain("form-action 'none'");
    expect(await pageAnswer.text()).toContain('id="signin-form"');
    const icon = await fetch(`${testApp.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    expect(await icon.text()).toContain('<svg');
    expect((await fetch(`${testApp.url}/dashboard/assets/favicon.svg`)).status).toBe(200);
    expect((await fetch(`${testApp.url}/dashboard/api/overview`)).status).toBe(401);
    expect((await fetch(`${testApp.url}/dashboard/stream?zone=prontera`)).status).toBe(401);
    // The key in the query opens nothing: credentials travel in headers only.
    expect((await fetch(`${testApp.url}/dashboard/api/overview?api_key=${TEST_API_KEY}`)).status).toBe(401);
    expect(
      (await fetch(`${testApp.url}/dashboard/api/overview`, { headers: { [KEY_HEADER]: TEST_API_KEY } })).status,
    ).toBe(200);
  });

  it('should show the sign-in page, refuse a wrong key with a message, sign in, keep it over a reload, and sign out', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${testApp.url}/dashboard?zone=prontera`);
    await page.locator('#signin-form').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await visible(page, '#dashboard')).toBe(false);
    expect(await page.locator('#signin').innerText()).toContain('?api_key=');

    await page.fill('#signin-secret', 'not-the-key');
    await page.click('#signin-submit');
    await page.locator('#signin-message', { hasText: 'wrong API key' }).waitFor({ timeout: 5000 });
    expect(await visible(page, '#dashboard')).toBe(false);

    await page.fill('#signin-secret', TEST_API_KEY);
    await page.click('#signin-submit');
    await page.locator('#zones tbody tr', { hasText: 'prontera' }).waitFor({ timeout: 10_000 });
    expect(await visible(page, '#signin')).toBe(false);
    expect(await visible(page, '#signout')).toBe(true);
    await page.waitForFunction(
      (count) => (globalThis as unknown as PageGlobal).__dashboardModel?.peers.length === count,
      players.length,
      { timeout: 15_000 },
    );
    await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 5000 });
    expect(page.url()).toBe(`${testApp.url}/dashboard?zone=prontera`);

    await page.reload();
    await page.locator('#zones tbody tr', { hasText: 'prontera' }).waitFor({ timeout: 10_000 });
    expect(await visible(page, '#signin')).toBe(false);
    await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 5000 });

    await page.click('#signout');
    await page.locator('#signin-form').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#signin-message').innerText()).toBe('Signed out.');
    expect(await visible(page, '#dashboard')).toBe(false);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
      ),
    ).toBe(0);
  }, 60_000);

  it('should take ?api_key= out of the address, sign in with it, and accept an admin token but not a player token', async () => {
    await page.goto(`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`);
    await page.locator('#zones tbody tr', { hasText: 'prontera' }).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(`${testApp.url}/dashboard?zone=prontera`);
    await page.click('#signout');
    await page.locator('#signin-form').waitFor({ state: 'visible', timeout: 10_000 });

    await page.fill('#signin-secret', mintToken('150001'));
    await page.click('#signin-submit');
    await page.locator('#signin-message', { hasText: 'player token' }).waitFor({ timeout: 5000 });

    await page.fill('#signin-secret', mintToken('ops', { role: 'admin' }));
    await page.click('#signin-submit');
    await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 10_000 });

    // A browser sent to a data route without the credential lands on the page, never on a JSON error.
    await page.click('#signout');
    await page.locator('#signin-form').waitFor({ state: 'visible', timeout: 10_000 });
    const landed = await page.goto(`${testApp.url}/dashboard/api/overview`);
    expect(landed?.status()).toBe(200);
    expect(page.url()).toBe(`${testApp.url}/dashboard`);
    await page.locator('#signin-form').waitFor({ state: 'visible', timeout: 10_000 });

    // No request the page made carried the key or a token in its URL, except the one address typed with it.
    const withSecret = requested.filter((url) => /api_key=|access_token=|eyJ/.test(url));
    expect(withSecret).toEqual([`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`]);
    expect(browserErrors).toEqual([]);
  }, 60_000);

  it.each([1280, 1920])(
    'should fit %i px: nothing cut or scrolling sideways, crowd labels apart',
    async (width) => {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`);
      await page.locator('#sessions tbody tr').first().waitFor({ timeout: 10_000 });
      await page.locator('#hosts tbody tr').first().waitFor({ timeout: 10_000 });
      await page.waitForFunction(
        (count) => ((globalThis as unknown as PageGlobal).__dashboardModel?.peers.length ?? 0) === count,
        players.length,
        { timeout: 15_000 },
      );
      const layout = await readLayout(page);
      expect(layout.innerWidth).toBe(width);
      expect(layout.scrollWidth).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${width}.png`), fullPage: true });
      // Every column, the last (players) included, inside its card: no scrollbar, nothing cut.
      const cut = layout.tables.filter((t) => t.tableWidth > t.cardWidth || t.lastColumnRight > t.cardRight);
      expect(cut).toEqual([]);
      expect(layout.tables.map((t) => t.id)).toEqual(
        expect.arrayContaining(['zones', 'hosts', 'sessions', 'search-results', 'bans']),
      );

      const model = await page.evaluate(
        () =>
          (globalThis as unknown as PageGlobal).__dashboardModel as DrawnModel & {
            labels: { peer_id: string; text: string; count: number; x: number; y: number; w: number; h: number }[];
            unlabelled: number;
          },
      );
      // The crowd at the warp is one or a few `id +N` labels, none over another, all on the canvas;
      // every player is named or counted.
      const { labels } = model;
      for (const [i, a] of labels.entries()) {
        expect(a.x).toBeGreaterThanOrEqual(0);
        expect(a.y).toBeGreaterThanOrEqual(0);
        expect(a.x + a.w).toBeLessThanOrEqual(model.view.width);
        expect(a.y + a.h).toBeLessThanOrEqual(model.view.height);
        for (const b of labels.slice(i + 1)) {
          const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
          expect({ a: a.text, b: b.text, apart }).toEqual({ a: a.text, b: b.text, apart: true });
        }
      }
      expect(labels.reduce((sum, label) => sum + label.count, 0) + model.unlabelled).toBe(players.length);
      expect(labels.length).toBeLessThan(HOT_SPOT.length);
      expect(labels.some((label) => label.count > 5 && /\+\d+$/.test(label.text))).toBe(true);
      expect(browserErrors).toEqual([]);
    },
    60_000,
  );
});
