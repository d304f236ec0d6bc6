#!/usr/bin/env node
/**
 * Writes a smaller rAthena map cache holding only the named maps, in the source's order, their
 * compressed cells copied byte for byte (so the cut decodes to exactly what the source holds):
 *
 *   node scripts/cut-map-cache.js <source map_cache.dat> <dest> <map> [map ...]
 *
 * Used to make test/fixtures/maps/map_cache.dat. Format: src/maps/map-cache-file.ts. Plain Node.
 */
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

const FILE_HEADER = 8;
const MAP_HEADER = 20;

function fail(message) {
  process.stderr.write(`cut-map-cache: ${message}\n`);
  process.exit(1);
}

/** name → the whole record (header and compressed cells) of each map of the source. */
function records(source) {
  if (source.length < FILE_HEADER || source.readUInt32LE(0) !== source.length) {
    fail(
      `the source is not a map cache (declared size ${source.length >= 4 ? source.readUInt32LE(0) : '?'}, actual ${source.length})`,
    );
  }
  const found = new Map();
  let at = FILE_HEADER;
  for (let i = 0; i < source.readUInt16LE(4); i++) {
    if (at + MAP_HEADER > source.length) {
      fail(`the source is truncated at map #${i + 1}`);
    }
    const name = source
      .toString('latin1', at, at + 12)
      .replace(/\0.*$/s, '')
      .toLowerCase();
    const end = at + MAP_HEADER + source.readInt32LE(at + 16);
    if (end > source.length) {
      fail(`map "${name}" runs past the end of the source`);
    }
    found.set(name, source.subarray(at, end));
    at = end;
  }
  return found;
}

function main() {
  const [sourcePath, destPath, ...wanted] = process.argv.slice(2);
  if (!sourcePath || !destPath || wanted.length === 0) {
    fail('usage: node scripts/cut-map-cache.js <source> <dest> <map> [map ...]');
  }
  const all = records(readFileSync(sourcePath));
  const names = new Set(wanted.map((name) => name.toLowerCase()));
  const missing = [...names].filter((name) => !all.has(name));
  if (missing.length > 0) {
    fail(`not in the source: ${missing.join(', ')}`);
  }
  const kept = [...all].filter(([name]) => names.has(name)).map(([, record]) => record);
  const header = Buffer.alloc(FILE_HEADER);
  const size = FILE_HEADER + kept.reduce((sum, record) => sum + record.length, 0);
  header.writeUInt32LE(size, 0);
  header.writeUInt16LE(kept.length, 4);
  writeFileSync(destPath, Buffer.concat([header, ...kept]));
  process.stdout.write(`${destPath}: ${kept.length} maps, ${size} bytes\n`);
}

main();
