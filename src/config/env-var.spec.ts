import { validateEnv, type InferEnv } from './env-parse';
import { type EnvVar, envVar, type Parsed } from './env-var';

/** True when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

function value<T>(parsed: Parsed<T>): T | string {
  return parsed.ok ? parsed.value : `problem: ${parsed.problem}`;
}

const SAMPLE = {
  NAME: envVar.string({ default: 'coordinator', description: 'A name.' }),
  TOKEN: envVar.string({ default: undefined, secret: true, description: 'A secret.' }),
  PORT: envVar.int({ default: 8001, fallbacks: ['OLD_PORT'], min: 0, max: 65535, description: 'A port.' }),
  TIMEOUT: envVar.int({ default: undefined, min: 60, max: 600, description: 'Seconds.' }),
  RATIO: envVar.float({ default: 1.5, min: 1, max: 10, description: 'A ratio.' }),
  ENABLED: envVar.bool({ default: false, description: 'A switch.' }),
  ZONES: envVar.list({ default: ['prontera', 'geffen'], description: 'Zones.' }),
  PROXIES: envVar.list({ default: [], description: 'Proxies.' }),
  FORMAT: envVar.oneOf(['json', 'text'], { default: 'text', description: 'A format.' }),
  MODE: envVar.oneOf(['none', 'rathena'], { default: undefined, description: 'A mode.' }),
};

describe('envVar', () => {
  describe('types', () => {
    it('should give each variable the type of its kind, with undefined only when it has no default', () => {
      const exact: Equal<
        InferEnv<typeof SAMPLE>,
        {
          readonly NAME: string;
          readonly TOKEN: string | undefined;
          readonly PORT: number;
          readonly TIMEOUT: number | undefined;
          readonly RATIO: number;
          readonly ENABLED: boolean;
          readonly ZONES: string[];
          readonly PROXIES: string[];
          readonly FORMAT: 'json' | 'text';
          readonly MODE: 'none' | 'rathena' | undefined;
        }
      > = true;
      expect(exact).toBe(true);
    });

    it('should refuse at compile time what loose types would let through', () => {
      // Declared, never called: the checks are the compiler's (npm run typecheck), which fails
      // if a line marked as expecting an error ever compiles.
      const misuses = (env: InferEnv<typeof SAMPLE>): unknown[] => [
        // @ts-expect-error a number's default is a number, not its text
        envVar.int({ default: '8001', description: '' }),
        // @ts-expect-error a boolean's default is a boolean
        envVar.bool({ default: 'false', description: '' }),
        // @ts-expect-error a list's default is an array
        envVar.list({ default: 'a,b', description: '' }),
        // @ts-expect-error the default of a choice must be one of its values
        envVar.oneOf(['json', 'text'], { default: 'xml', description: '' }),
        // @ts-expect-error every variable states its default, if only `undefined`
        envVar.string({ description: '' }),
        // @ts-expect-error a variable not in the table cannot be read
        env.NOT_DECLARED,
        // @ts-expect-error an int is not a string
        env.PORT.toUpperCase(),
        // @ts-expect-error a variable without a default may be undefined
        env.TOKEN.length,
        // @ts-expect-error a choice is exactly its values
        ((format: 'json') => format)(env.FORMAT),
        // @ts-expect-error a choice without a default may be undefined
        ((mode: 'none' | 'rathena') => mode)(env.MODE),
      ];
      expect(typeof misuses).toBe('function');
    });
  });

  describe('string', () => {
    it('should take the text as given and document its default', () => {
      expect(value(SAMPLE.NAME.parse('a b', 'NAME'))).toBe('a b');
      expect(SAMPLE.NAME.unset()).toBe('coordinator');
      expect(SAMPLE.NAME.default).toBe('coordinator');
      expect(SAMPLE.TOKEN.unset()).toBeUndefined();
      expect(SAMPLE.TOKEN).not.toHaveProperty('default');
      expect(SAMPLE.TOKEN.secret).toBe(true);
    });
  });

  describe('int', () => {
    it.each([
      ['8001', 8001],
      ['0', 0],
      ['65535', 65535],
      ['1e3', 1000],
      ['abc', 'problem: OLD_PORT must be an integer, got "abc"'],
      ['1.5', 'problem: OLD_PORT must be an integer, got "1.5"'],
      ['-1', 'problem: OLD_PORT must be between 0 and 65535, got -1'],
      ['65536', 'problem: OLD_PORT must be between 0 and 65535, got 65536'],
    ])('should read %j as %j, naming the variable it came from', (text, expected) => {
      expect(value(SAMPLE.PORT.parse(text, 'OLD_PORT'))).toBe(expected);
    });

    it('should document its default and range', () => {
      expect(SAMPLE.PORT).toMatchObject({ kind: 'int', default: '8001', min: 0, max: 65535, fallbacks: ['OLD_PORT'] });
      expect(SAMPLE.PORT.unset()).toBe(8001);
      expect(SAMPLE.TIMEOUT.unset()).toBeUndefined();
    });

    it('should refuse a default outside its own range when the table loads', () => {
      expect(() => envVar.int({ default: 70000, min: 0, max: 65535, description: '' })).toThrow(
        'Invalid default in the environment table: default must be between 0 and 65535, got 70000',
      );
      expect(() => envVar.int({ default: 1.5, description: '' })).toThrow(/must be an integer/);
    });
  });

  describe('float', () => {
    it('should read any finite number within range', () => {
      expect(value(SAMPLE.RATIO.parse('2.25', 'RATIO'))).toBe(2.25);
      expect(value(SAMPLE.RATIO.parse('Infinity', 'RATIO'))).toBe('problem: RATIO must be a number, got "Infinity"');
      expect(value(SAMPLE.RATIO.parse('0.5', 'RATIO'))).toBe('problem: RATIO must be between 1 and 10, got 0.5');
      expect(SAMPLE.RATIO).toMatchObject({ kind: 'float', default: '1.5' });
    });

    it('should show an open end of a range as infinite', () => {
      const atLeastOne = envVar.float({ default: undefined, min: 1, description: '' });
      expect(value(atLeastOne.parse('0', 'X'))).toBe('problem: X must be between 1 and inf, got 0');
    });
  });

  describe('bool', () => {
    it.each([
      ['true', true],
      ['1', true],
      ['YES', true],
      ['On', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['OFF', false],
      ['maybe', 'problem: ENABLED must be a boolean (true/false), got "maybe"'],
    ])('should read %j as %j', (text, expected) => {
      expect(value(SAMPLE.ENABLED.parse(text, 'ENABLED'))).toBe(expected);
    });

    it('should document its default as text', () => {
      expect(SAMPLE.ENABLED.default).toBe('false');
      expect(SAMPLE.ENABLED.unset()).toBe(false);
    });
  });

  describe('list', () => {
    it('should split on commas, trim, and drop empty items', () => {
      expect(value(SAMPLE.ZONES.parse(' a, b ,,c, ', 'ZONES'))).toEqual(['a', 'b', 'c']);
      expect(value(SAMPLE.ZONES.parse(',', 'ZONES'))).toEqual([]);
    });

    it('should document its default comma-separated and hand out a fresh copy each time', () => {
      expect(SAMPLE.ZONES.default).toBe('prontera,geffen');
      expect(SAMPLE.PROXIES.default).toBe('');
      const first = SAMPLE.ZONES.unset();
      first.push('payon');
      expect(SAMPLE.ZONES.unset()).toEqual(['prontera', 'geffen']);
      expect(SAMPLE.PROXIES.unset()).toEqual([]);
    });
  });

  describe('oneOf', () => {
    it('should match without regard to case and return the value as declared', () => {
      expect(value(SAMPLE.FORMAT.parse('JSON', 'FORMAT'))).toBe('json');
      expect(value(SAMPLE.FORMAT.parse('xml', 'FORMAT'))).toBe('problem: FORMAT must be one of json, text, got "xml"');
      expect(SAMPLE.FORMAT).toMatchObject({ kind: 'enum', default: 'text', values: ['json', 'text'] });
      expect(SAMPLE.MODE.unset()).toBeUndefined();
    });
  });
});

describe(validateEnv.name, () => {
  it('should read the canonical name first, then fallbacks, then the default; blank counts as unset', () => {
    const problems: string[] = [];
    const sut = validateEnv(SAMPLE, { PORT: '  ', OLD_PORT: ' 9000 ', NAME: 'x', MODE: 'RATHENA' }, problems);
    expect(problems).toEqual([]);
    expect(sut.values).toEqual({
      NAME: 'x',
      TOKEN: undefined,
      PORT: 9000,
      TIMEOUT: undefined,
      RATIO: 1.5,
      ENABLED: false,
      ZONES: ['prontera', 'geffen'],
      PROXIES: [],
      FORMAT: 'text',
      MODE: 'rathena',
    });
    expect(sut.sources).toEqual({ NAME: 'NAME', PORT: 'OLD_PORT', MODE: 'MODE' });
    expect(validateEnv(SAMPLE, { PORT: '1', OLD_PORT: '2' }, []).values.PORT).toBe(1);
  });

  it('should list every problem in table order and give an invalid variable its unset value', () => {
    const problems: string[] = [];
    const sut = validateEnv(SAMPLE, { FORMAT: 'xml', PORT: 'abc', TIMEOUT: '5', ENABLED: 'maybe' }, problems);
    expect(problems).toEqual([
      'PORT must be an integer, got "abc"',
      'TIMEOUT must be between 60 and 600, got 5',
      'ENABLED must be a boolean (true/false), got "maybe"',
      'FORMAT must be one of json, text, got "xml"',
    ]);
    expect([...sut.invalid]).toEqual(['PORT', 'TIMEOUT', 'ENABLED', 'FORMAT']);
    expect(sut.values).toMatchObject({ PORT: 8001, TIMEOUT: undefined, ENABLED: false, FORMAT: 'text' });
    expect(sut.sources).toEqual({});
  });

  it('should accept any table whose variables carry their types', () => {
    const table: Record<string, EnvVar<unknown>> = SAMPLE;
    expect(Object.keys(validateEnv(table, {}, []).values)).toEqual(Object.keys(SAMPLE));
  });
});
