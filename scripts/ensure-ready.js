#!/usr/bin/env node
/**
 * Makes `npm start` and `npm test` work as the very first command on a fresh clone: installs the
 * dependencies when they are missing and builds when the compiled output is missing or older than
 * the sources. Plain Node, no dependencies, because it runs before anything is installed.
 */
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

// The supported range is package.json's "engines" (20.19+ on Node 20, 22.13+ after). An older Node
// fails later with obscure syntax or module errors, so say so in one line before anything runs.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19) || (major > 20 && major < 22) || (major === 22 && minor < 13)) {
  process.stderr.write(
    `Node ${process.versions.node} is not supported: use Node 20.19+ or 22.13+ (22 LTS recommended).\n`,
  );
  process.exit(1);
}
const skipBuild = process.argv.includes('--no-build');

function run(command) {
  process.stderr.write(`> ${command}\n`);
  execSync(command, { cwd: root, stdio: 'inherit' });
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const lockfile = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (
  !existsSync(installed) ||
  (existsSync(lockfile) && statSync(lockfile).mtimeMs > statSync(installed).mtimeMs + 1000)
) {
  run(existsSync(lockfile) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
}

// The workspace packages (tsc -b: a no-op when they are current); tests and tools import them too.
require('./build').buildPackages();

if (!skipBuild) {
  const main = join(root, 'dist', 'src', 'main.js');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'migrations')));
  if (!existsSync(main) || statSync(main).mtimeMs < sources) {
    run('npx tsc -p tsconfig.build.json');
  }
}
