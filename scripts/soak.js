#!/usr/bin/env node
/**
 * `npm run soak -- [options]` from a fresh clone: installs when needed (as ensure-ready does),
 * compiles the coordinator and bench/ together (tsconfig.bench.json, which includes bench/soak),
 * then runs dist/bench/soak/main.js with the given arguments. Plain Node: it runs before anything else.
 */
'use strict';
const { execFileSync, execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
execFileSync(process.execPath, [join(__dirname, 'ensure-ready.js'), '--no-build'], { cwd: root, stdio: 'inherit' });
// Always compiled: incremental, so a second run costs a few seconds, and never a stale runner.
execSync('npx tsc -p tsconfig.bench.json', { cwd: root, stdio: 'inherit' });
try {
  execFileSync(process.execPath, [join(root, 'dist', 'bench', 'soak', 'main.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
} catch (error) {
  process.exit(typeof error.status === 'number' ? error.status : 1);
}
