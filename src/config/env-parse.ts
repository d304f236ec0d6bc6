import { EnvVarSpec } from './env-spec';

export type EnvValue = string | number | boolean | string[] | undefined;
export type RawEnv = Record<string, string | undefined>;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** The raw text for a variable: canonical name first, then its fallbacks, then the default. */
export function rawValue(spec: EnvVarSpec, env: RawEnv): { text?: string; source?: string } {
  for (const name of [spec.name, ...(spec.fallbacks ?? [])]) {
    const text = env[name];
    if (text !== undefined && text.trim() !== '') {
      return { text: text.trim(), source: name };
    }
  }
  return { text: spec.default };
}

/** Parses one variable; returns an error message instead of throwing so all problems are collected. */
export function parseValue(spec: EnvVarSpec, text: string | undefined, source = spec.name): EnvValue | Error {
  if (text === undefined) {
    return undefined;
  }
  switch (spec.kind) {
    case 'string':
      return text;
    case 'list':
      return text === '' ? [] : text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    case 'bool': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) {return true;}
      if (FALSE.has(lower)) {return false;}
      return new Error(`${source} must be a boolean (true/false), got "${text}"`);
    }
    case 'enum': {
      const match = spec.values?.find((value) => value.toLowerCase() === text.toLowerCase());
      return match ?? new Error(`${source} must be one of ${spec.values?.join(', ')}, got "${text}"`);
    }
    case 'int':
    case 'float':
      return parseNumber(spec, text, source);
  }
}

function parseNumber(spec: EnvVarSpec, text: string, source: string): number | Error {
  const value = Number(text);
  const isInt = spec.kind === 'int';
  if (text === '' || !Number.isFinite(value) || (isInt && !Number.isInteger(value))) {
    return new Error(`${source} must be ${isInt ? 'an integer' : 'a number'}, got "${text}"`);
  }
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    return new Error(`${source} must be between ${spec.min ?? '-inf'} and ${spec.max ?? 'inf'}, got ${value}`);
  }
  return value;
}
