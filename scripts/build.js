#!/usr/bin/env node
/**
 * Builds the workspace packages the server imports (the wire contract) and then the server. The
 * packages go first: the server's build resolves them by name to their compiled output. `tsc -b`
 * is incremental, so an up-to-date package costs a stat. Plain Node, no dependencies.
 *
 *   node scripts/build.js            packages, then the server (tsconfig.build.json)
 *   node scripts/build.js --packages packages only
 *   node scripts/build.js -p <tsconfig>  packages, then that server configuration
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
/** In dependency order. */
const PACKAGES = ['packages/contract'];

function run(args) {
  process.stderr.write(`> tsc ${args.join(' ')}\n`);
  execFileSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
}

function buildPackages() {
  run(['-b', ...PACKAGES]);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  buildPackages();
  if (!args.includes('--packages')) {
    const at = args.indexOf('-p');
    run(['-p', at >= 0 ? args[at + 1] : 'tsconfig.build.json']);
  }
}

module.exports = { buildPackages, PACKAGES };
