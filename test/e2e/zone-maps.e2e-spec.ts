import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import request, { Response } from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/app.factory';
import { ConfigValidationError, loadConfig } from '../../src/config/app-config';
import { resolveZoneSettings } from '../../src/zones/zone-rules';
import { ZoneSeederService } from '../../src/zones/zone-seeder.service';
import { ZonesRepository } from '../../src/zones/zones.repository';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { makeZoneBody } from '../utils/factories';
import { MAP_CACHE_FIXTURE, readTestMapCache } from '../utils/map-cache';
import { testEnv } from '../utils/test-env';

/**
 * Zones and rAthena's map cache (MAP_CACHE_FILE): map names checked on create and update, seeding
 * skipping ids that are no map, `GET /api/v1/zones/{zone_id}/map`, and nothing of it without a cache.
 * The fixture holds prontera (312×392), geffen, payon and izlude, cut from a real 892-map cache.
 */
const ZONES = '/api/v1/zones';
const WALKABLE_TYPES = [0, 2, 3, 4, 6];

function expectError(res: Response, status: number, code: string, message?: string | RegExp): void {
  expect({ status: res.status, code: res.body.code, status_code: res.body.status_code }).toEqual({
    status,
    code,
    status_code: status,
  });
  if (message !== undefined) {
    expect(res.body.message).toMatch(message);
  }
}

/** Cell (x, y) of a `bitmap-lsb0-base64` map: bit x + y·width, byte i >> 3, bit i & 7. */
function walkableAt(bitmap: Buffer, width: number, x: number, y: number): boolean {
  const i = x + y * width;
  return ((bitmap[i >> 3] >> (i & 7)) & 1) === 1;
}

/** P2P_ENABLED_ZONES of the app with the cache: two maps of it and one that is not. */
const BOOT_ZONES = ['prontera', 'no-such-map', 'geffen'];
/** Those seeded by its boot, read before any test truncates them. */
let seededAtBoot: string[] = [];

describe('Zones with a map cache (MAP_CACHE_FILE)', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  const fixture = readTestMapCache(readFileSync(MAP_CACHE_FIXTURE));

  beforeAll(async () => {
    testApp = await createTestApp({ MAP_CACHE_FILE: MAP_CACHE_FIXTURE, P2P_ENABLED_ZONES: BOOT_ZONES.join(',') });
    http = request(testApp.url);
    // Filtered: with PostgreSQL, zones of earlier test files may still be there.
    const rows = await testApp.db.query<{ zone_id: string }>(
      'SELECT zone_id FROM zones WHERE zone_id = ANY($1::text[]) ORDER BY zone_id',
      [BOOT_ZONES],
    );
    seededAtBoot = rows.map((row) => row.zone_id);
  });
  afterAll(() => testApp.close());

  it('should seed only the P2P_ENABLED_ZONES whose id is a map of the cache', () => {
    expect(seededAtBoot).toEqual(['geffen', 'prontera']);
  });

  describe('seeding', () => {
    beforeEach(() => resetDatabase(testApp));

    it('should skip a zone whose map is not in the cache, with a warning naming zone, map and MAP_CACHE_FILE', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        expect(await testApp.app.get(ZoneSeederService).seed(['payon', 'morocc'])).toEqual(['payon']);
        expect(warn).toHaveBeenCalledWith(
          `Skipping P2P_ENABLED_ZONES entry "morocc": its map "morocc" is not in the map cache (MAP_CACHE_FILE ${MAP_CACHE_FIXTURE}, 4 maps)`,
        );
      } finally {
        warn.mockRestore();
      }
      expectError(await http.get(`${ZONES}/morocc`), 404, 'ZONE_NOT_FOUND');
    });
  });

  describe('POST / and PATCH /:zone_id', () => {
    beforeEach(() => resetDatabase(testApp));

    it('should refuse a zone whose map is not in the cache with 422 UNKNOWN_MAP, naming map_name', async () => {
      const res = await http.post(ZONES).send(makeZoneBody({ zone_id: 'nowhere', map_name: 'xyz' }));

      expectError(res, 422, 'UNKNOWN_MAP', 'Map "xyz" is not in the map cache (MAP_CACHE_FILE); it holds 4 maps');
      expect(res.body.errors).toEqual([
        { field: 'map_name', message: '"xyz" is not a map of the map cache (MAP_CACHE_FILE)' },
      ]);
      expectError(await http.get(`${ZONES}/nowhere`), 404, 'ZONE_NOT_FOUND');
    });

    it('should accept a map of the cache, whatever its case', async () => {
      const res = await http.post(ZONES).send(makeZoneBody({ zone_id: 'capital', map_name: 'Prontera' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ zone_id: 'capital', map_name: 'Prontera' });
    });

    it('should refuse a PATCH to a map not in the cache and leave the zone as it was', async () => {
      await http
        .post(ZONES)
        .send(makeZoneBody({ zone_id: 'town', map_name: 'geffen' }))
        .expect(201);

      const refused = await http.patch(`${ZONES}/town`).send({ map_name: 'morocc', p2p_priority: 9 });
      expectError(
        refused,
        422,
        'UNKNOWN_MAP',
        'Map "morocc" is not in the map cache (MAP_CACHE_FILE); it holds 4 maps',
      );
      expect((await http.get(`${ZONES}/town`)).body).toMatchObject({ map_name: 'geffen', p2p_priority: 1 });

      const moved = await http.patch(`${ZONES}/town`).send({ map_name: 'izlude' });
      expect(moved.status).toBe(200);
      expect(moved.body.map_name).toBe('izlude');
      // A PATCH that leaves map_name alone is not checked against the cache.
      expect((await http.patch(`${ZONES}/town`).send({ p2p_priority: 4 })).status).toBe(200);
    });
  });

  describe('GET /:zone_id/map', () => {
    beforeAll(async () => {
      await resetDatabase(testApp);
      await http
        .post(ZONES)
        .send(makeZoneBody({ zone_id: 'capital', map_name: 'prontera' }))
        .expect(201);
      await http
        .post(ZONES)
        .send(makeZoneBody({ zone_id: 'wizards', map_name: 'GEFFEN' }))
        .expect(201);
      // A zone made before the cache was configured, naming a map it does not hold.
      await testApp.app
        .get(ZonesRepository)
        .upsert(
          'old-desert',
          resolveZoneSettings({ zone_name: 'old_desert', zone_display_name: 'Old desert', map_name: 'morocc' }),
        );
    });

    it("should answer the zone's size and walkable cells as a bitmap, as an independent decode of the file has them", async () => {
      const res = await http.get(`${ZONES}/capital/map`);
      const prontera = fixture.get('prontera')!;

      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(
        ['encoding', 'height', 'map_name', 'walkable', 'walkable_cells', 'width', 'zone_id'].sort(),
      );
      expect(res.body).toMatchObject({
        zone_id: 'capital',
        map_name: 'prontera',
        width: 312,
        height: 392,
        encoding: 'bitmap-lsb0-base64',
      });
      const bitmap = Buffer.from(res.body.walkable as string, 'base64');
      expect(bitmap.length).toBe(Math.ceil((312 * 392) / 8));
      let walkable = 0;
      const differing: string[] = [];
      for (let y = 0; y < 392; y++) {
        for (let x = 0; x < 312; x++) {
          const expected = WALKABLE_TYPES.includes(prontera.cells[x + y * 312]);
          walkable += expected ? 1 : 0;
          if (walkableAt(bitmap, 312, x, y) !== expected) {
            differing.push(`(${x}, ${y})`);
          }
        }
      }
      expect(differing).toEqual([]);
      expect(res.body.walkable_cells).toBe(walkable);
      // A few known cells, some of them walkable only one way round (x, y) / (y, x).
      expect(walkableAt(bitmap, 312, 0, 0)).toBe(false);
      expect(walkableAt(bitmap, 312, 20, 20)).toBe(false);
      expect(walkableAt(bitmap, 312, 156, 191)).toBe(true);
      expect(walkableAt(bitmap, 312, 82, 37)).toBe(false);
      expect(walkableAt(bitmap, 312, 37, 82)).toBe(true);
      expect(walkableAt(bitmap, 312, 123, 74)).toBe(true);
      expect(walkableAt(bitmap, 312, 74, 123)).toBe(false);
    });

    it('should look the map up case-insensitively and answer its lowercase name', async () => {
      const res = await http.get(`${ZONES}/wizards/map`).expect(200);
      expect(res.body).toMatchObject({ zone_id: 'wizards', map_name: 'geffen', width: 240, height: 240 });
    });

    it('should be cacheable: Cache-Control, a strong ETag, and 304 for a current If-None-Match', async () => {
      const first = await http.get(`${ZONES}/capital/map`).expect(200);
      const etag = first.headers.etag;
      expect(first.headers['cache-control']).toBe('public, max-age=3600');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect((await http.get(`${ZONES}/capital/map`)).headers.etag).toBe(etag);
      expect((await http.get(`${ZONES}/wizards/map`)).headers.etag).not.toBe(etag);

      const again = await http.get(`${ZONES}/capital/map`).set('if-none-match', `"other", W/${etag}`);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(etag);
      expect((await http.get(`${ZONES}/capital/map`).set('if-none-match', '"stale"')).status).toBe(200);
    });

    it('should answer 404 ZONE_NOT_FOUND for an unknown zone and 404 MAP_NOT_AVAILABLE for a map not in the cache', async () => {
      expectError(await http.get(`${ZONES}/atlantis/map`), 404, 'ZONE_NOT_FOUND', 'Zone not found: atlantis');
      expectError(
        await http.get(`${ZONES}/old-desert/map`),
        404,
        'MAP_NOT_AVAILABLE',
        'No map for zone "old-desert": Map "morocc" is not in the map cache (MAP_CACHE_FILE); it holds 4 maps',
      );
      expectError(await http.get(`${ZONES}/bad%20id!/map`), 422, 'VALIDATION_FAILED');
    });

    it('should be documented in the OpenAPI document', async () => {
      const doc = (await http.get('/openapi.json').expect(200)).body;
      const operation = doc.paths['/api/v1/zones/{zone_id}/map'].get;
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '304', '404']));
      expect(doc.components.schemas.ZoneMapResponseDto.properties.encoding.enum).toEqual(['bitmap-lsb0-base64']);
    });
  });
});

describe('Zones without a map cache', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await createTestApp();
    http = request(testApp.url);
  });
  beforeEach(() => resetDatabase(testApp));
  afterAll(() => testApp.close());

  it('should take any map name, on create, update and seeding, as before', async () => {
    await http
      .post(ZONES)
      .send(makeZoneBody({ zone_id: 'anywhere', map_name: 'xyz' }))
      .expect(201);
    expect((await http.patch(`${ZONES}/anywhere`).send({ map_name: 'morocc' })).body.map_name).toBe('morocc');
    expect(await testApp.app.get(ZoneSeederService).seed(['morocc', 'prontera'])).toEqual(['morocc', 'prontera']);
  });

  it('should answer 404 MAP_NOT_AVAILABLE for the map of an existing zone, and ZONE_NOT_FOUND for none', async () => {
    await http
      .post(ZONES)
      .send(makeZoneBody({ zone_id: 'prontera', map_name: 'prontera' }))
      .expect(201);
    expectError(
      await http.get(`${ZONES}/prontera/map`),
      404,
      'MAP_NOT_AVAILABLE',
      'No map for zone "prontera": no map cache is configured (MAP_CACHE_FILE is not set)',
    );
    expectError(await http.get(`${ZONES}/atlantis/map`), 404, 'ZONE_NOT_FOUND');
  });
});

describe('A MAP_CACHE_FILE that cannot be used', () => {
  const boot = async (mapCacheFile: string): Promise<unknown> => {
    const config = loadConfig(testEnv({ MAP_CACHE_FILE: mapCacheFile }));
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
      logger: false,
      abortOnError: false,
    });
    try {
      configureApp(app, config);
      await app.init();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await app.close().catch(() => undefined);
    }
  };

  it('should stop start-up with the configuration error main.ts prints, naming the variable and the problem', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'map_cache.dat');
    const error = await boot(missing);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toBe(
      `Invalid configuration:\n  - MAP_CACHE_FILE ${missing} cannot be read: no such file`,
    );
  });

  it('should refuse a file that is not a map cache', async () => {
    const error = await boot(join(__dirname, 'zone-maps.e2e-spec.ts'));
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(
      /MAP_CACHE_FILE .*zone-maps\.e2e-spec\.ts is not a valid rAthena map cache: the header declares \d+ bytes/,
    );
  });
});
