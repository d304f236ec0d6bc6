import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { ID_PATTERN } from '../../src/common/validation/ids';
import { createTestApp, TestApp } from '../utils/create-test-app';

const CHROMIUM = '/usr/bin/chromium';
const API_KEY = 'swagger-ui-test-admin-key-0123456789abcdef';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'swagger-ui-create-zone.png');

/**
 * swagger-parser's resolver ships as ES modules jest cannot load from CommonJS here, so the
 * validation runs in plain Node (which can) and reports back on stdout.
 */
function validateOpenApi(document: unknown): string {
  const script =
    "require('@apidevtools/swagger-parser').validate(JSON.parse(require('fs').readFileSync(0, 'utf8'))).then(() => console.log('valid'), (e) => console.log(e.message))";
  return execFileSync(process.execPath, ['-e', script], {
    input: JSON.stringify(document),
    cwd: join(__dirname, '..', '..'),
  })
    .toString()
    .trim();
}

/**
 * The Swagger UI in Debian's Chromium (never a downloaded browser): authorise with the API key in
 * the Authorize dialog, create a zone with "Try it out", see the 201 on the page.
 */
describe('Swagger UI and the OpenAPI document', () => {
  let testApp: TestApp;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    testApp = await createTestApp({ API_KEY_VALIDATION_ENABLED: 'true', COORDINATOR_API_KEY: API_KEY });
    profile = mkdtempSync(join(tmpdir(), 'swagger-ui-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await testApp.close();
  });

  it('should serve a valid OpenAPI 3 document with both auth schemes and the operational routes', async () => {
    const document = (await (await fetch(`${testApp.url}/openapi.json`)).json()) as Record<string, any>;
    expect(document.openapi).toMatch(/^3\./);
    expect(validateOpenApi(document)).toBe('valid');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    expect(document.components.securitySchemes['api-key']).toMatchObject({ type: 'apiKey', in: 'header' });
    for (const path of ['/health/live', '/health/ready', '/metrics', '/api/v1/zones']) {
      expect(document.paths[path]).toBeDefined();
    }
    expect(document.paths['/health/ready'].get.security).toEqual([]);
  });

  it('should document every id path parameter with the pattern its pipe checks', async () => {
    const document = (await (await fetch(`${testApp.url}/openapi.json`)).json()) as Record<string, any>;
    const idParams = Object.entries(document.paths as Record<string, Record<string, { parameters?: any[] }>>).flatMap(
      ([path, methods]) =>
        Object.values(methods).flatMap((operation) =>
          (operation.parameters ?? [])
            .filter((p) => p.in === 'path' && ['host_id', 'zone_id', 'player_id'].includes(p.name))
            .map((p) => ({ path, name: p.name as string, pattern: p.schema?.pattern as string | undefined })),
        ),
    );

    expect(new Set(idParams.map((p) => p.name))).toEqual(new Set(['host_id', 'zone_id', 'player_id']));
    for (const param of idParams) {
      expect(param).toEqual({ path: param.path, name: param.name, pattern: ID_PATTERN.source });
    }
  });

  it('should refuse the admin route without the key (the UI test below proves the key is sent)', async () => {
    const response = await fetch(`${testApp.url}/api/v1/zones/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        zone_id: 'no-key',
        zone_name: 'no_key',
        zone_display_name: 'No key',
        map_name: 'prontera',
      }),
    });
    expect(response.status).toBe(401);
  });

  it('should authorise with the API key and create a zone through "Try it out"', async () => {
    const page = await context.newPage();
    await page.goto(`${testApp.url}/docs`);
    await page.locator('.auth-wrapper button.authorize').click();
    const apiKeySection = page.locator('.modal-ux .auth-container').filter({ hasText: 'api-key' });
    await apiKeySection.locator('input').fill(API_KEY);
    await apiKeySection.locator('button.authorize').click();
    await apiKeySection.getByText('Authorized').waitFor();
    await page.locator('.modal-ux button.close-modal').click();

    const operation = page
      .locator('.opblock-post')
      .filter({ has: page.locator('.opblock-summary-path[data-path="/api/v1/zones"]') });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('textarea.body-param__text').fill(
      JSON.stringify(
        {
          zone_id: 'swagger-ui-zone',
          zone_name: 'swagger_ui_zone',
          zone_display_name: 'Created from the Swagger UI',
          map_name: 'prontera',
          max_players: 40,
        },
        null,
        2,
      ),
    );
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 10_000 });
    expect((await status.innerText()).trim()).toBe('201');
    const body = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
    expect(body).toContain('swagger-ui-zone');
    await operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    const stored = await fetch(`${testApp.url}/api/v1/zones/swagger-ui-zone`, { headers: { 'x-api-key': API_KEY } });
    expect(stored.status).toBe(200);
  }, 60_000);
});
