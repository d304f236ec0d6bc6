import { Logger } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildMapCache,
  MAP_CACHE_FIXTURE,
  mapCacheOf,
  mapRecord,
  testMap,
  writeMapCacheFile,
} from '../../test/utils/map-cache';
import { AppConfig, ConfigValidationError, loadConfig } from '../config/app-config';
import { decodeMap } from './map-cache-file';
import { MapCatalog } from './map-catalog.service';

// Counts the inflations (the real decoder still runs), to prove decoding is lazy and kept.
jest.mock('./map-cache-file', () => {
  const actual = jest.requireActual<typeof import('./map-cache-file')>('./map-cache-file');
  return { ...actual, decodeMap: jest.fn(actual.decodeMap) };
});
const decodes = jest.mocked(decodeMap);

const configWith = (mapCacheFile?: string): AppConfig => loadConfig({ MAP_CACHE_FILE: mapCacheFile });

function loaded(mapCacheFile?: string): MapCatalog {
  const catalog = new MapCatalog(configWith(mapCacheFile));
  catalog.onModuleInit();
  return catalog;
}

describe(MapCatalog.name, () => {
  let log: jest.SpyInstance;
  let errorLog: jest.SpyInstance;

  beforeEach(() => {
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    errorLog.mockRestore();
  });

  describe('without MAP_CACHE_FILE', () => {
    const catalog = (): MapCatalog => loaded(undefined);

    it('should hold no map and accept any map name', () => {
      const sut = catalog();
      expect({ configured: sut.configured, size: sut.size, source: sut.source }).toEqual({
        configured: false,
        size: 0,
        source: undefined,
      });
      expect(sut.has('prontera')).toBe(false);
      expect(sut.accepts('prontera')).toBe(true);
      expect(sut.accepts('anything')).toBe(true);
      expect(sut.get('prontera')).toBeUndefined();
      expect(sut.info('prontera')).toBeUndefined();
      expect(sut.names()).toEqual([]);
      expect(log).not.toHaveBeenCalled();
    });
  });

  describe('with the fixture', () => {
    it('should index the maps once at init and say so', () => {
      const sut = loaded(MAP_CACHE_FIXTURE);

      expect({ configured: sut.configured, size: sut.size, source: sut.source }).toEqual({
        configured: true,
        size: 4,
        source: MAP_CACHE_FIXTURE,
      });
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0][0]).toMatch(
        new RegExp(
          `^Map cache ${MAP_CACHE_FIXTURE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 4 maps indexed in \\d+\\.\\d ms$`,
        ),
      );
    });

    it('should answer has, accepts and info from the index, case-insensitively', () => {
      const sut = loaded(MAP_CACHE_FIXTURE);

      expect(sut.has('prontera')).toBe(true);
      expect(sut.has('PronTera')).toBe(true);
      expect(sut.accepts('Geffen')).toBe(true);
      expect(sut.has('morocc')).toBe(false);
      expect(sut.accepts('morocc')).toBe(false);
      expect(sut.info('PRONTERA')).toEqual({ name: 'prontera', width: 312, height: 392 });
      expect(sut.info('izlude')).toEqual({ name: 'izlude', width: 268, height: 300 });
      expect(sut.info('morocc')).toBeUndefined();
      expect(sut.names()).toEqual(['geffen', 'izlude', 'payon', 'prontera']);
    });

    it('should inflate a map on its first get only, and keep it', () => {
      decodes.mockClear();
      const sut = loaded(MAP_CACHE_FIXTURE);
      sut.info('payon');
      expect(decodes).not.toHaveBeenCalled();

      const payon = sut.get('payon');
      expect(payon).toMatchObject({ name: 'payon', width: 300, height: 360 });
      expect(decodes).toHaveBeenCalledTimes(1);
      expect(sut.get('PAYON')).toBe(payon);
      expect(decodes).toHaveBeenCalledTimes(1);
      expect(sut.get('geffen')).toMatchObject({ name: 'geffen', width: 240, height: 240 });
      expect(decodes).toHaveBeenCalledTimes(2);
      expect(sut.get('morocc')).toBeUndefined();
    });
  });

  describe('a map whose cells do not inflate', () => {
    it('should log it once and treat it as absent, leaving the other maps alone', () => {
      const bad = mapRecord(testMap('bad', ['..']));
      bad.fill(0xee, 20);
      const file = buildMapCache([bad, mapRecord(testMap('good', ['..', '.#']))]);
      const sut = loaded(writeMapCacheFile(file));

      expect(sut.has('bad')).toBe(true);
      expect(sut.get('bad')).toBeUndefined();
      expect(sut.get('bad')).toBeUndefined();
      expect(errorLog).toHaveBeenCalledTimes(1);
      expect(errorLog.mock.calls[0][0]).toMatch(
        /: map "bad" .*not a valid zlib stream.*; the map is treated as absent$/,
      );
      expect(sut.get('good')?.walkableCount).toBe(3);
    });
  });

  describe('start-up refuses a bad MAP_CACHE_FILE', () => {
    const problem = (file: string): string => {
      try {
        loaded(file);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigValidationError);
        const { problems } = error as ConfigValidationError;
        expect(problems).toHaveLength(1);
        return problems[0];
      }
      throw new Error('expected start-up to fail');
    };

    it('a file that does not exist', () => {
      const missing = join(tmpdir(), 'no-such-dir', 'map_cache.dat');
      expect(problem(missing)).toBe(`MAP_CACHE_FILE ${missing} cannot be read: no such file`);
    });

    it('a directory', () => {
      const dir = mkdtempSync(join(tmpdir(), 'map-cache-dir-'));
      expect(problem(dir)).toBe(`MAP_CACHE_FILE ${dir} cannot be read: a directory, not a file`);
    });

    it('a file that is not a map cache', () => {
      const file = writeMapCacheFile(Buffer.from('hello'));
      expect(problem(file)).toBe(
        `MAP_CACHE_FILE ${file} is not a valid rAthena map cache: truncated: 5 bytes, shorter than the 8-byte file header`,
      );
    });

    it('a malformed cache, naming the map', () => {
      const file = writeMapCacheFile(mapCacheOf([testMap('twice', ['.']), testMap('twice', ['#'])]));
      expect(problem(file)).toMatch(
        new RegExp(`^MAP_CACHE_FILE ${file} is not a valid rAthena map cache: map "twice" .*duplicate name`),
      );
    });

    it('with the boot message main.ts prints', () => {
      const file = writeMapCacheFile(Buffer.from('hello'));
      expect(() => loaded(file)).toThrow(`Invalid configuration:\n  - MAP_CACHE_FILE ${file} is not a valid`);
    });
  });
});
