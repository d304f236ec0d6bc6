#!/usr/bin/env node
/**
 * The browser bundle, dist/browser/ro-p2p-client.js: the SDK index as one IIFE script that defines
 * the global `RoP2P` (`new RoP2P.CoordinatorClient({...})`). Built from the compiled dist/ (run
 * `tsc -b` first), so it resolves exactly as a consumer's bundler would: the "browser" fields of this
 * package and of the wire contract swap in the browser socket and frame MAC, and `ws` and
 * node:crypto never enter the bundle. Buffer comes from the `buffer` package.
 */
'use strict';
const { join } = require('node:path');

const root = join(__dirname, '..');
const OUTFILE = join(root, 'dist', 'browser', 'ro-p2p-client.js');

function bundle() {
  // Required here, not at the top: a production install (no dev dependencies) can still load this file.
  const esbuild = require('esbuild');
  esbuild.buildSync({
    entryPoints: [join(root, 'dist', 'index.js')],
    outfile: OUTFILE,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'RoP2P',
    target: ['es2022'],
    inject: [join(__dirname, 'buffer-shim.mjs')],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'eof',
    logLevel: 'warning',
  });
  return OUTFILE;
}

if (require.main === module) {
  process.stderr.write(`> bundle ${bundle()}\n`);
}

module.exports = { bundle, OUTFILE };
