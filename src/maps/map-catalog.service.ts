import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AppConfig, ConfigValidationError } from '../config/app-config';
import { decodeMap, MapCacheEntry, readMapCacheIndex } from './map-cache-file';
import { MapGrid } from './map-grid';

/** A map's name and size, known from the index without inflating its cells. */
export interface MapInfo {
  name: string;
  width: number;
  height: number;
}

/**
 * The maps of rAthena's map cache (MAP_CACHE_FILE). At module init the file is read once and every
 * map header indexed: a missing or malformed file stops start-up, like any bad setting. A map's
 * cells are inflated on its first `get` and kept (at most one grid per map of the file): a node
 * serves a few dozen of the hundreds of maps, and indexing all of them is only a header walk.
 * Names are rAthena's, lowercase; lookups are case-insensitive.
 */
@Injectable()
export class MapCatalog implements OnModuleInit {
  private readonly logger = new Logger(MapCatalog.name);
  /** MAP_CACHE_FILE; undefined when the coordinator runs without map rules. */
  readonly source: string | undefined;
  private file: Uint8Array = new Uint8Array(0);
  private index = new Map<string, MapCacheEntry>();
  private readonly grids = new Map<string, MapGrid>();
  /** Maps whose cells failed to inflate: reported once, then treated as absent. */
  private readonly broken = new Set<string>();

  constructor(config: AppConfig) {
    this.source = config.movement.mapCacheFile;
  }

  onModuleInit(): void {
    if (this.source !== undefined) {
      this.load(this.source);
    }
  }

  /** Whether MAP_CACHE_FILE is set (and so the map rules apply). */
  get configured(): boolean {
    return this.source !== undefined;
  }

  /** Maps in the cache (0 without one). */
  get size(): number {
    return this.index.size;
  }

  /** In the cache. Without a cache, nothing is. */
  has(name: string): boolean {
    return this.index.has(name.toLowerCase());
  }

  /** May a zone use this map: anything goes without a cache, else only a map in it. */
  accepts(name: string): boolean {
    return !this.configured || this.has(name);
  }

  /** Every map of the cache, in the file's order (empty without one). */
  names(): string[] {
    return [...this.index.keys()];
  }

  info(name: string): MapInfo | undefined {
    const entry = this.index.get(name.toLowerCase());
    return entry && { name: entry.name, width: entry.width, height: entry.height };
  }

  /** The map's walkable cells, inflated on first use; undefined when not in the cache or corrupt. */
  get(name: string): MapGrid | undefined {
    const key = name.toLowerCase();
    const cached = this.grids.get(key);
    if (cached) {
      return cached;
    }
    const entry = this.index.get(key);
    if (!entry || this.broken.has(key)) {
      return undefined;
    }
    try {
      const grid = decodeMap(this.file, entry);
      this.grids.set(key, grid);
      return grid;
    } catch (error) {
      // The index was sound at boot, so one bad stream costs its map, not the process.
      this.broken.add(key);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Map cache ${this.source}: ${reason}; the map is treated as absent`);
      return undefined;
    }
  }

  private load(source: string): void {
    const started = performance.now();
    const file = readCacheFile(source);
    try {
      this.index = new Map(readMapCacheIndex(file).map((entry) => [entry.name, entry]));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigValidationError([`MAP_CACHE_FILE ${source} is not a valid rAthena map cache: ${reason}`]);
    }
    this.file = file;
    const elapsed = (performance.now() - started).toFixed(1);
    this.logger.log(`Map cache ${source}: ${this.index.size} maps indexed in ${elapsed} ms`);
  }
}

/** What a failed read means to an operator, by error code; anything else keeps Node's message. */
const READ_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'a directory, not a file',
  EACCES: 'permission denied',
};

/** The whole file (a real cache is about 2 MB): the compressed cells stay in memory for lazy decoding. */
function readCacheFile(source: string): Buffer {
  try {
    return readFileSync(source);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const reason = READ_PROBLEMS[code] ?? (error instanceof Error ? error.message : String(error));
    throw new ConfigValidationError([`MAP_CACHE_FILE ${source} cannot be read: ${reason}`]);
  }
}
