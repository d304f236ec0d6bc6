import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { ZoneSeederService } from '../../src/zones/zone-seeder.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { launchChromium, PageGlobal } from '../utils/dashboard-page';
import { eventually } from '../utils/rest';
import { request, TEST_API_KEY } from '../utils/tokens';
import { joinPlayersAt, positionFrame, ZonePlayer } from '../utils/zone-players';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const KEY = { 'x-api-key': TEST_API_KEY };
/** Server text the page must show as text: markup in a reason is never markup on the page. */
const REASON = 'speed hack <b>x3</b> & "teleports"';

interface Ban {
  id: string | number;
  peer_id: string | null;
  ip: string | null;
  reason: string;
  created_at: string;
  expires_at: string | null;
  created_by: string;
}

interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
}

const listOf = <T>(body: unknown, key: string): T[] =>
  Array.isArray(body) ? (body as T[]) : ((body as Record<string, T[]>)?.[key] ?? []);

/** Resolves with the close of a player's socket, or fails after `ms`. */
function closeOf(player: ZonePlayer, ms = 10_000): Promise<{ code: number; reason: string }> {
  return Promise.race([
    player.client.closed,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${player.peerId}'s socket is still open after ${ms} ms`)), ms),
    ),
  ]);
}

describe('Admin dashboard: moderation in a real browser', () => {
  // Peer ids of this run only: bans and the audit trail live in the shared test database.
  const prefix = `mod${Date.now().toString(36)}-`;
  let testApp: TestApp;
  let players: ZonePlayer[] = [];
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '100',
      API_KEY_VALIDATION_ENABLED: 'true',
      COORDINATOR_API_KEY: TEST_API_KEY,
    });
    await testApp.app.get(ZoneSeederService).seed(['prontera']);
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
  });

  afterAll(async () => {
    await context?.close();
    try {
      // A failed run must not leave one of its players banned in the shared database.
      const bans = await request(testApp.url, 'GET', '/api/v1/moderation/bans', KEY);
      for (const ban of listOf<Ban>(bans.body, 'bans').filter((b) => b.peer_id?.startsWith(prefix))) {
        await request(testApp.url, 'DELETE', `/api/v1/moderation/bans/${ban.id}`, KEY);
      }
    } finally {
      await Promise.all(players.map((player) => player.client.close()));
      await testApp.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('should find a player, open their live page from the search and the map, ban them through the dialog, log it, and lift the ban', async () => {
    const spots = [
      { x: 150, y: 150 },
      { x: 170, y: 150 },
      { x: 150, y: 170 },
      { x: 170, y: 170 },
    ];
    players = await joinPlayersAt(testApp.wsUrl, 'prontera', spots, undefined, prefix);
    const [target, other, kicked] = players;

    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    const browserErrors: string[] = [];
    page.on('pageerror', (error) => browserErrors.push(error.message));
    await page.goto(`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`);
    await page.waitForFunction(
      (count) => (globalThis as unknown as PageGlobal).__dashboardModel?.peers.length === count,
      players.length,
      { timeout: 15_000 },
    );

    // Clicking a dot on the map opens that player's page.
    const model = await page.evaluate(() => (globalThis as unknown as PageGlobal).__dashboardModel!);
    const dot = model.dots.find((d) => d.peer_id === other.peerId)!;
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + (dot.px * box.width) / 900, box.y + (dot.py * box.height) / 640);
    const panel = page.locator('#player');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('#player-id').innerText()).toBe(other.peerId);
    await page.locator('#player-fields dd[data-field="status"]', { hasText: 'online' }).waitFor({ timeout: 5000 });

    // Search for the target and open its page from the results.
    await page.fill('#search-query', target.peerId);
    await page.click('#player-search button[type="submit"]');
    const row = page.locator(`#search-results tbody tr[data-peer="${target.peerId}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await row.innerText()).toContain('prontera');
    await row.locator('button').click();
    await page.locator('#player-id', { hasText: target.peerId }).waitFor({ timeout: 5000 });
    const field = (name: string) => page.locator(`#player-fields dd[data-field="${name}"]`);
    await field('status').filter({ hasText: 'online' }).waitFor({ timeout: 5000 });
    expect(await field('zone').innerText()).toBe('prontera');
    await field('position')
      .filter({ hasText: `(${target.x}, ${target.y})` })
      .waitFor({ timeout: 5000 });

    // The page is live: the player takes a step and the page follows within a refresh or two.
    target.x += 1;
    target.client.ws.send(positionFrame(target.x, target.y));
    await field('position')
      .filter({ hasText: `(${target.x}, ${target.y})` })
      .waitFor({ timeout: 5000 });

    // Kick one player through the dialog (a reason is required; the socket closes).
    await page.locator('#search-query').fill(kicked.peerId);
    await page.click('#player-search button[type="submit"]');
    await page.locator(`#search-results tbody tr[data-peer="${kicked.peerId}"] button`).click();
    await page.locator('#player-id', { hasText: kicked.peerId }).waitFor({ timeout: 5000 });
    await field('status').filter({ hasText: 'online' }).waitFor({ timeout: 5000 });
    await page.click('#player-kick');
    const dialog = page.locator('#confirm');
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('#confirm-duration-row').isVisible()).toBe(false);
    await page.fill('#confirm-reason', 'afk in the fountain');
    await page.click('#confirm-ok');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    expect((await closeOf(kicked)).code).toBe(4003);
    await page.locator('#player-message', { hasText: `${kicked.peerId} kicked` }).waitFor({ timeout: 5000 });

    // Open the target again and ban it for an hour.
    await page.locator('#search-query').fill(target.peerId);
    await page.click('#player-search button[type="submit"]');
    await page.locator(`#search-results tbody tr[data-peer="${target.peerId}"] button`).click();
    await page.locator('#player-id', { hasText: target.peerId }).waitFor({ timeout: 5000 });
    await field('status').filter({ hasText: 'online' }).waitFor({ timeout: 5000 });
    await page.click('#player-ban');
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('#confirm-title').innerText()).toBe(`Ban player ${target.peerId}`);
    // No reason: the dialog refuses and stays open, nothing is sent.
    await page.click('#confirm-ok');
    expect(await dialog.isVisible()).toBe(true);
    expect(
      await page
        .locator('#confirm-reason')
        .evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid),
    ).toBe(false);
    await page.fill('#confirm-reason', REASON);
    await page.selectOption('#ban-duration', '3600');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-moderation-ban.png') });
    const started = Date.now();
    await page.click('#confirm-ok');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });

    // The banned player's connection is closed with 4003; the others stay.
    expect((await closeOf(target)).code).toBe(4003);
    expect(other.client.ws.readyState).toBe(other.client.ws.OPEN);
    await page.locator('#player-message', { hasText: `${target.peerId} banned until` }).waitFor({ timeout: 5000 });
    await field('banned').filter({ hasText: 'banned' }).waitFor({ timeout: 5000 });

    // The coordinator has the ban as the dialog asked for it.
    const active = await request(testApp.url, 'GET', '/api/v1/moderation/bans', KEY);
    expect(active.status).toBe(200);
    const ban = listOf<Ban>(active.body, 'bans').find((b) => b.peer_id === target.peerId)!;
    expect(ban).toMatchObject({ peer_id: target.peerId, reason: REASON });
    expect(ban.ip ?? null).toBeNull();
    const expires = new Date(ban.expires_at!).getTime();
    expect(expires).toBeGreaterThanOrEqual(started + 3600_000 - 5000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000 + 5000);

    // The audit panel shows the ban first (newest first), the reason as plain text.
    const banLine = page.locator(`#audit li[data-action="ban.create"][data-target="${target.peerId}"]`);
    await banLine.waitFor({ timeout: 5000 });
    expect(await banLine.locator('.reason').innerText()).toBe(REASON);
    expect(await banLine.innerText()).toContain('api-key');
    const top = page.locator('#audit li').first();
    expect(await top.getAttribute('data-action')).toBe('ban.create');
    expect(await top.getAttribute('data-target')).toBe(target.peerId);
    expect(await page.locator('#audit b').count()).toBe(0);
    const kickLine = page.locator(`#audit li[data-action="peer.kick"][data-target="${kicked.peerId}"]`);
    expect(await kickLine.locator('.reason').innerText()).toBe('afk in the fountain');
    expect(await kickLine.innerText()).toContain('kicked: 1');
    const audit = await request(testApp.url, 'GET', '/api/v1/moderation/audit?limit=5', KEY);
    expect(audit.status).toBe(200);
    const entries = listOf<AuditEntry>(audit.body, 'entries');
    expect(entries[0]).toMatchObject({ action: 'ban.create', target: target.peerId, reason: REASON });

    // The bans panel lists it, reason as text; lift it there.
    const banRow = page.locator(`#bans tbody tr[data-peer="${target.peerId}"]`);
    await banRow.waitFor({ timeout: 10_000 });
    expect(await banRow.locator('td.reason').innerText()).toBe(REASON);
    expect(await page.locator('#bans b').count()).toBe(0);
    await banRow.getByRole('button', { name: `Lift ban on ${target.peerId}` }).click();
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('#confirm-title').innerText()).toBe(`Lift ban ${target.peerId}`);
    await page.click('#confirm-ok');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    await banRow.waitFor({ state: 'detached', timeout: 5000 });
    await page.locator('#bans-message', { hasText: `ban on ${target.peerId} lifted` }).waitFor({ timeout: 5000 });
    await eventually(async () => {
      const after = await request(testApp.url, 'GET', '/api/v1/moderation/bans', KEY);
      expect(listOf<Ban>(after.body, 'bans').filter((b) => b.peer_id === target.peerId)).toEqual([]);
    });
    // The history still has it.
    await page.check('#bans-history');
    await page.locator(`#bans tbody tr[data-peer="${target.peerId}"]`).waitFor({ timeout: 5000 });
    // And the audit trail has the lift on top of the ban.
    await page
      .locator(`#audit li[data-action="ban.lift"][data-target="${target.peerId}"]`)
      .waitFor({ timeout: 10_000 });
    expect(await page.locator('#audit li').first().getAttribute('data-action')).toBe('ban.lift');

    // The player page closes, focus returns, and the page still fits 1280 px.
    await page.click('#player-close');
    await panel.waitFor({ state: 'hidden', timeout: 5000 });
    const scrollWidth = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
          .scrollWidth,
    );
    expect(scrollWidth).toBeLessThanOrEqual(1280);
    expect(browserErrors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-moderation.png'), fullPage: true });
  }, 90_000);

  it('should page back through the audit trail with "load more", newest first', async () => {
    // 30 kicks of peers that are not connected: each one is an audit entry (kicked: 0).
    const kicks = Array.from({ length: 30 }, (_, i) => `${prefix}gone${String(i).padStart(2, '0')}`);
    for (const peerId of kicks) {
      const kick = await request(testApp.url, 'POST', '/api/v1/moderation/kick', KEY, { peer_id: peerId, reason: 'r' });
      expect(kick.body).toEqual({ kicked: 0 });
    }
    await page.goto(`${testApp.url}/dashboard?zone=prontera&api_key=${TEST_API_KEY}`);
    const lines = page.locator('#audit li');
    await page.locator(`#audit li[data-target="${kicks[29]}"]`).waitFor({ timeout: 5000 });
    expect(await lines.count()).toBe(25);
    const targets = async (): Promise<string[]> =>
      await lines.evaluateAll((items) =>
        items.map((li) => (li as unknown as { dataset: { target?: string } }).dataset.target ?? ''),
      );
    // The newest page: the last 25 kicks, newest first.
    expect((await targets()).slice(0, 25)).toEqual(kicks.slice(5).reverse());
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator(`#audit li[data-target="${kicks[0]}"]`).waitFor({ timeout: 5000 });
    const all = await targets();
    expect(all.length).toBeGreaterThan(30);
    expect(all.slice(0, 30)).toEqual([...kicks].reverse());
    // Ids strictly decreasing all the way down: no entry twice, none out of order.
    const ids = await lines.evaluateAll((items) =>
      items.map((li) => Number((li as unknown as { dataset: { id: string } }).dataset.id)),
    );
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true);
  }, 60_000);
});
