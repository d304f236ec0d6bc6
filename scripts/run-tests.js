#!/usr/bin/env node
/**
 * `npm test`: the whole suite — unit specs, then integration and e2e specs in band against the
 * servers named by TEST_DATABASE_URL / TEST_REDIS_URL (the embedded defaults when unset).
 * Extra arguments are passed to jest. --forceExit: a suite that fails in its teardown must not leave
 * the run hanging on a server it could not close (CI has a hard time limit); failures still fail.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
const backend = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
const state = process.env.TEST_REDIS_URL ? 'Redis' : 'in-process state';
process.stderr.write(`Test backends: ${backend}, ${state}\n`);

const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    '--expose-gc',
    jest,
    '--config',
    'jest.config.js',
    '--runInBand',
    '--forceExit',
    ...extra,
  ],
  {
    cwd: join(__dirname, '..'),
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
