#!/usr/bin/env node
/**
 * Builds the workspace packages (the wire contract, then the client SDK and its browser bundle) and
 * then the server. The packages go first: the server's build resolves them by name to their
 * compiled output. `tsc -b` is incremental, so an up-to-date package costs a stat. A package whose
 * directory is absent is skipped: the server image is built without the client. Plain Node; the
 * bundle step uses esbuild (a dev dependency).
 *
 *   node scripts/build.js            packages, then the server (tsconfig.build.json)
 *   node scripts/build.js --packages packages only
 *   node scripts/build.js -p <tsconfig>  packages, then that server configuration
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
/** In dependency order. */
const PACKAGES = ['packages/contract', 'packages/client'];
const CLIENT = 'packages/client';

function run(args) {
  process.stderr.write(`> tsc ${args.join(' ')}\n`);
  execFileSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
}

function buildPackages() {
  const present = PACKAGES.filter((dir) => existsSync(join(root, dir, 'package.json')));
  for (const dir of PACKAGES.filter((dir) => !present.includes(dir))) {
    process.stderr.write(`> ${dir}: not present, skipped\n`);
  }
  run(['-b', ...present]);
  if (present.includes(CLIENT)) {
    const outfile = require(join(root, CLIENT, 'scripts', 'bundle.js')).bundle();
    process.stderr.write(`> bundle ${relative(root, outfile)}\n`);
  }
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
