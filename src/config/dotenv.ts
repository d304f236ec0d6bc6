import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { RawEnv } from './env-parse';

/** The process environment over a `.env` in the working directory (the process wins, as usual). */
export function readDotEnv(cwd = process.cwd(), env: RawEnv = process.env): RawEnv {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}
