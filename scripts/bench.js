#!/usr/bin/env node
/**
 * `npm run bench [-- workload ... --smoke]`, `npm run soak [-- options]` and `npm run bench:maps --
 * <map_cache.dat>` from a fresh clone: installs when needed (as ensure-ready does), compiles the
 * coordinator and the suite together (tsconfig.bench.json, which includes bench/soak), then runs
 * dist/bench/run.js — or, with `--entry soak` first, dist/bench/soak/main.js, with `--entry maps`
 * dist/bench/map-cache-load.js, with `--entry movement` dist/bench/movement-realism.js (`npm run
 * bench:movement`), with `--entry shard` dist/bench/redis-shard.js (Redis CPU per live-state
 * operation on a Redis Cluster) — with the remaining arguments. Plain Node: it runs before anything
 * else.
 */
'use strict';
const { execFileSync, execSync } = require('node:child_process');
const { join } = require('node:path');

const ENTRIES = {
  bench: ['bench', 'run.js'],
  soak: ['bench', 'soak', 'main.js'],
  maps: ['bench', 'map-cache-load.js'],
  movement: ['bench', 'movement-realism.js'],
  shard: ['bench', 'redis-shard.js'],
};

const root = join(__dirname, '..');
let args = process.argv.slice(2);
let entry = ENTRIES.bench;
if (args[0] === '--entry') {
  entry = ENTRIES[args[1]];
  if (!entry) {
    console.error(`unknown entry ${args[1]}; known: ${Object.keys(ENTRIES).join(', ')}`);
    process.exit(2);
  }
  args = args.slice(2);
}
execFileSync(process.execPath, [join(__dirname, 'ensure-ready.js'), '--no-build'], { cwd: root, stdio: 'inherit' });
// Always compiled: incremental, so a second run costs a few seconds, and never a stale suite.
execFileSync(process.execPath, [join(__dirname, 'build.js'), '-p', 'tsconfig.bench.json'], {
  cwd: root,
  stdio: 'inherit',
});
try {
  execFileSync(process.execPath, [join(root, 'dist', ...entry), ...args], { cwd: root, stdio: 'inherit' });
} catch (error) {
  process.exit(typeof error.status === 'number' ? error.status : 1);
}
