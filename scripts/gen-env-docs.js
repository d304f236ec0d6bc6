#!/usr/bin/env node
/**
 * Regenerates `.env.example` and the README configuration table from src/config/env-spec.ts
 * (compiled to dist/ by `npm run build`). Run: `npm run build && node scripts/gen-env-docs.js`.
 */
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { ENV_SPEC } = require(join(root, 'dist', 'src', 'config', 'env-spec.js'));
const groups = {};
for (const spec of ENV_SPEC) (groups[spec.group] ??= []).push(spec);

let env =
  '# P2P coordinator configuration. Every variable is optional; the values shown are the defaults.\n# Names of the earlier Python coordinator are accepted as fallbacks (noted per variable).\n';
let table = '| variable | default | description |\n|---|---|---|\n';
for (const [group, specs] of Object.entries(groups)) {
  env += `\n# ---- ${group} ----\n`;
  for (const spec of specs) {
    const fallback = spec.fallbacks ? ` (fallback: ${spec.fallbacks.join(', ')})` : '';
    env += `# ${spec.description.replace(/`/g, '')}${fallback}\n`;
    env += spec.default !== undefined ? `${spec.name}=${spec.default}\n` : `# ${spec.name}=\n`;
    const shown = spec.default === undefined ? '—' : spec.default === '' ? '(empty)' : '`' + spec.default + '`';
    const names = spec.fallbacks ? `<br>(${spec.fallbacks.map((name) => '`' + name + '`').join(', ')})` : '';
    table += `| \`${spec.name}\`${names} | ${shown} | ${spec.description} |\n`;
  }
}
writeFileSync(join(root, '.env.example'), env);
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf('| variable | default | description |');
const end = readme.indexOf('\n\n', start);
writeFileSync(readmePath, readme.slice(0, start) + table.trimEnd() + (end >= 0 ? readme.slice(end) : '\n'));
