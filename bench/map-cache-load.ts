/**
 * What rAthena's map cache costs the coordinator (docs/performance.md, "Map cache"):
 *
 *   npm run bench:maps -- <map_cache.dat>         (or MAP_CACHE_FILE=<file> npm run bench:maps)
 *
 * Measures, through MapCatalog as the app uses it: indexing the file at start-up, inflating every
 * map (the worst case: a node asked for every map), the first `get` of one large map, and the heap,
 * ArrayBuffer and RSS growth with every map decoded, against the bitmap bytes themselves. Re-runs
 * itself with --expose-gc so memory is read after a full collection.
 */
import { Logger } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/app-config';
import { MapCatalog } from '../src/maps/map-catalog.service';

const RUNS = 5;
const LARGE_MAP = 'prontera';

interface Memory {
  heapUsed: number;
  arrayBuffers: number;
  rss: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function memory(): Memory {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heapUsed, arrayBuffers, rss };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values: number[], format: (value: number) => string): string =>
  `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

function indexed(file: string): [MapCatalog, number] {
  const catalog = new MapCatalog(loadConfig({ MAP_CACHE_FILE: file }));
  return [catalog, timed(() => catalog.onModuleInit())[1]];
}

function measure(file: string): void {
  Logger.overrideLogger(false);
  // Memory first, in a process that has decoded nothing yet: after indexing (the file held), then
  // with every map decoded (the grids kept, the inflated cells dropped).
  const before = memory();
  const [catalog] = indexed(file);
  const afterIndex = memory();
  const grids = catalog.names().map((name) => catalog.get(name));
  const afterDecode = memory();
  const decoded = grids.filter((grid) => grid !== undefined);
  const bitmapBytes = decoded.reduce((sum, grid) => sum + grid.bitmapBytes, 0);
  const cells = decoded.reduce((sum, grid) => sum + grid.width * grid.height, 0);
  const walkable = decoded.reduce((sum, grid) => sum + grid.walkableCount, 0);
  const large = catalog.info(LARGE_MAP);

  const indexMs: number[] = [];
  const decodeAllMs: number[] = [];
  const firstGetMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const [one, index] = indexed(file);
    indexMs.push(index);
    firstGetMs.push(timed(() => one.get(LARGE_MAP))[1]);
    const [all] = indexed(file);
    decodeAllMs.push(timed(() => all.names().forEach((name) => all.get(name)))[1]);
  }

  const rows: [string, string][] = [
    ['maps', `${catalog.size} (${decoded.length} decoded)`],
    ['cells', `${cells.toLocaleString('en')} (${((100 * walkable) / cells).toFixed(1)}% walkable)`],
    ['index at start-up (read + headers), median of 5', range(indexMs, ms)],
    [`first get of ${LARGE_MAP} ${large ? `(${large.width}×${large.height})` : ''}`, range(firstGetMs, ms)],
    ['decode every map, median of 5', range(decodeAllMs, ms)],
    ['bitmaps, all maps', `${mib(bitmapBytes)} (raw cells would be ${mib(cells)})`],
    ['after indexing: heap / ArrayBuffers / RSS', deltas(before, afterIndex)],
    ['every map decoded, on top: heap / ArrayBuffers / RSS', deltas(afterIndex, afterDecode)],
  ];
  console.log(`Map cache ${file}${gc ? '' : ' (no --expose-gc: memory is read without a collection)'}\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [name, value] of rows) {
    console.log(`| ${name} | ${value} |`);
  }
  console.log(`\nNode ${process.version}; grids kept: ${grids.length}`);
}

const deltas = (from: Memory, to: Memory): string =>
  [to.heapUsed - from.heapUsed, to.arrayBuffers - from.arrayBuffers, to.rss - from.rss].map(mib).join(' / ');

function main(): number {
  const file = process.argv[2] ?? process.env.MAP_CACHE_FILE;
  if (!file) {
    console.error('usage: npm run bench:maps -- <map_cache.dat>   (or set MAP_CACHE_FILE)');
    return 2;
  }
  if (!gc) {
    const rerun = spawnSync(process.execPath, ['--expose-gc', __filename, file], { stdio: 'inherit' });
    return rerun.status ?? 1;
  }
  measure(file);
  return 0;
}

process.exitCode = main();
