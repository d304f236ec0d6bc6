import type { AppConfig } from './app-config';
import { ENV, ENV_SPEC, type ParsedEnv } from './env-spec';

/** True when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe('ENV', () => {
  it('should type each value as the config consumes it', () => {
    const types: [
      Equal<ParsedEnv['PORT'], number>,
      Equal<ParsedEnv['HOST'], string>,
      Equal<ParsedEnv['NODE_ID'], string | undefined>,
      Equal<ParsedEnv['P2P_SESSION_TIMEOUT_SECONDS'], number | undefined>,
      Equal<ParsedEnv['MOVE_TOLERANCE'], number>,
      Equal<ParsedEnv['ENABLE_P2P'], boolean>,
      Equal<ParsedEnv['TRUSTED_PROXIES'], string[]>,
      Equal<ParsedEnv['ENVIRONMENT'], AppConfig['service']['environment']>,
      Equal<ParsedEnv['JWT_ALGORITHM'], AppConfig['auth']['jwtAlgorithm']>,
      Equal<ParsedEnv['IDENTITY_VERIFICATION'], AppConfig['identity']['mode']>,
      Equal<ParsedEnv['LOG_FORMAT'], AppConfig['service']['logFormat']>,
    ] = [true, true, true, true, true, true, true, true, true, true, true];
    expect(types.every(Boolean)).toBe(true);
  });

  it('should list each variable once, in the order it is read', () => {
    const names = ENV_SPEC.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(ENV)).toEqual(names);
  });

  it('should not reuse a canonical name as another variable’s fallback', () => {
    const names = new Set(ENV_SPEC.map((spec) => spec.name));
    const fallbacks = ENV_SPEC.flatMap((spec) => spec.fallbacks ?? []);
    expect(fallbacks.filter((name) => names.has(name))).toEqual([]);
    expect(new Set(fallbacks).size).toBe(fallbacks.length);
  });

  it.each(Object.entries(ENV))('should document the default of %s as the value it yields', (name, variable) => {
    const documented = ENV_SPEC.find((spec) => spec.name === name)?.default;
    if (documented === undefined) {
      expect(variable.unset()).toBeUndefined();
    } else {
      expect(variable.parse(documented, name)).toEqual({ ok: true, value: variable.unset() });
    }
  });

  it('should document every entry with its group and without its parser', () => {
    for (const spec of ENV_SPEC) {
      expect(spec.group).toMatch(/^[a-z0-9]+$/);
      expect(spec.description).not.toBe('');
      expect(spec).not.toHaveProperty('parse');
      expect(spec).not.toHaveProperty('unset');
    }
  });
});
