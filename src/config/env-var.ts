/**
 * The kinds of environment variable, each a typed parser. A variable declared with one of these
 * carries its value type, so the tables in `env/` fix the type of every value the builder reads:
 * `envVar.int({ default: 8001, ... })` yields a `number`, `envVar.string({ default: undefined, ... })`
 * a `string | undefined`, `envVar.oneOf(['json', 'text'], ...)` a `'json' | 'text'`.
 *
 * Every declaration names its default, `undefined` included, so whether a value can be missing is
 * decided where the variable is declared and shows in its type. A default is typed like the value
 * (a number for `int`, one of the values for `oneOf`) and checked against the same rules when the
 * table is loaded, so a table with an out-of-range default fails at start-up of any process, test
 * included, rather than producing a config the rules would refuse.
 */
export type EnvKind = 'string' | 'int' | 'float' | 'bool' | 'list' | 'enum';

/** A parse outcome; a problem is collected rather than thrown so every problem is listed at once. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** What a variable declares besides its parser: what `.env.example` and the README are made from. */
export interface EnvVarInfo {
  readonly kind: EnvKind;
  readonly description: string;
  /** The default as the operator would write it; absent when the variable has none. */
  readonly default?: string;
  /** Names the earlier Python coordinator read, tried in order after the canonical name. */
  readonly fallbacks?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** Never echoed: the value may be a password or a key. */
  readonly secret?: boolean;
}

/** One variable: its description, how its text parses, and its value when it is not set. */
export interface EnvVar<T> extends EnvVarInfo {
  /** Parses trimmed, non-empty text; `source` is the name it was read under, for the message. */
  readonly parse: (text: string, source: string) => Parsed<T>;
  /** The value when neither the name nor a fallback is set: the default, or `undefined`. */
  readonly unset: () => T;
}

/**
 * `D` is the default's own type: `8001`, `['a', 'b']`, `'info'` or `undefined`. A constructor's
 * value type is its kind's type joined with `D & undefined`, which is `never` for a real default
 * and `undefined` for none, so the variable is `number` or `number | undefined` exactly. TypeScript
 * checks each `unset` against that type (it splits `D` by its constraint), so nothing is asserted.
 */
interface Options<D> {
  /** Required, so a variable without one says `default: undefined` and its type says so too. */
  readonly default: D;
  readonly description: string;
  readonly fallbacks?: readonly string[];
  readonly secret?: boolean;
}

interface RangeOptions<D> extends Options<D> {
  readonly min?: number;
  readonly max?: number;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}

function info(kind: EnvKind, options: Options<unknown>, defaultText: string | undefined): EnvVarInfo {
  const { description, fallbacks, secret } = options;
  return {
    kind,
    description,
    ...(defaultText === undefined ? {} : { default: defaultText }),
    ...(fallbacks === undefined ? {} : { fallbacks }),
    ...(secret === undefined ? {} : { secret }),
  };
}

/** Refuses a default its own rules would refuse: a bug in the table, found as soon as it loads. */
function define<T>(meta: EnvVarInfo, parse: EnvVar<T>['parse'], unset: () => T): EnvVar<T> {
  if (meta.default !== undefined) {
    const parsed = parse(meta.default, 'default');
    if (!parsed.ok) {
      throw new Error(`Invalid default in the environment table: ${parsed.problem}`);
    }
  }
  return { ...meta, parse, unset };
}

function parseNumber(text: string, source: string, isInt: boolean, range: RangeOptions<unknown>): Parsed<number> {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (isInt && !Number.isInteger(value))) {
    return fail(`${source} must be ${isInt ? 'an integer' : 'a number'}, got "${text}"`);
  }
  const { min, max } = range;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return fail(`${source} must be between ${min ?? '-inf'} and ${max ?? 'inf'}, got ${value}`);
  }
  return ok(value);
}

function numberVar<D extends number | undefined>(
  kind: 'int' | 'float',
  options: RangeOptions<D>,
): EnvVar<number | (D & undefined)> {
  const { min, max } = options;
  const meta: EnvVarInfo = {
    ...info(kind, options, options.default === undefined ? undefined : String(options.default)),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
  return define<number | (D & undefined)>(
    meta,
    (text, source) => parseNumber(text, source, kind === 'int', options),
    () => options.default,
  );
}

function parseList(text: string): string[] {
  return text === ''
    ? []
    : text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

export const envVar = {
  /** Text as given (trimmed). */
  string<D extends string | undefined>(options: Options<D>): EnvVar<string | (D & undefined)> {
    return define<string | (D & undefined)>(
      info('string', options, options.default),
      (text) => ok(text),
      () => options.default,
    );
  },

  /** A whole number within `min`..`max`. */
  int<D extends number | undefined>(options: RangeOptions<D>): EnvVar<number | (D & undefined)> {
    return numberVar('int', options);
  },

  /** Any finite number within `min`..`max`. */
  float<D extends number | undefined>(options: RangeOptions<D>): EnvVar<number | (D & undefined)> {
    return numberVar('float', options);
  },

  /** `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off`, in any case. */
  bool<D extends boolean | undefined>(options: Options<D>): EnvVar<boolean | (D & undefined)> {
    return define<boolean | (D & undefined)>(
      info('bool', options, options.default === undefined ? undefined : String(options.default)),
      (text, source) => {
        const lower = text.toLowerCase();
        if (TRUE.has(lower)) {
          return ok(true);
        }
        if (FALSE.has(lower)) {
          return ok(false);
        }
        return fail(`${source} must be a boolean (true/false), got "${text}"`);
      },
      () => options.default,
    );
  },

  /** Comma-separated items, trimmed, empty items dropped. */
  list<D extends string[] | undefined>(options: Options<D>): EnvVar<string[] | (D & undefined)> {
    const { default: items } = options;
    return define<string[] | (D & undefined)>(
      info('list', options, items === undefined ? undefined : items.join(',')),
      (text) => ok(parseList(text)),
      // A copy each time: a config's arrays are its own, whatever a consumer does with them.
      () => (items === undefined ? items : [...items]),
    );
  },

  /** One of `values`, matched without regard to case and returned as declared. */
  oneOf<const V extends string, D extends V | undefined>(
    values: readonly V[],
    options: Options<D>,
  ): EnvVar<V | (D & undefined)> {
    return define<V | (D & undefined)>(
      { ...info('enum', options, options.default), values },
      (text, source) => {
        const lower = text.toLowerCase();
        const match = values.find((value) => value.toLowerCase() === lower);
        return match === undefined ? fail(`${source} must be one of ${values.join(', ')}, got "${text}"`) : ok(match);
      },
      () => options.default,
    );
  },
};
