import type { EnvVar } from './env-var';

export type RawEnv = Record<string, string | undefined>;

/** A table of variables keyed by canonical name, whose values have the types `V` lists. */
export type EnvSpec<V> = { readonly [K in keyof V]: EnvVar<V[K]> };

/** The values a table of variables yields: `{ PORT: number; NODE_ID: string | undefined; ... }`. */
export type InferEnv<S> = { readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

/** The environment read through a table. */
export interface ValidatedEnv<V> {
  /**
   * Every variable's value. One that failed to parse holds its unset value (default or
   * `undefined`) so the checks across variables still run and report their own problems.
   */
  readonly values: V;
  /** The name each value was read under (canonical or fallback); absent when it was not set. */
  readonly sources: { readonly [K in keyof V]?: string };
  /** Variables that were set but failed to parse; their problems are already listed. */
  readonly invalid: ReadonlySet<keyof V>;
}

/** The raw text for a variable: canonical name first, then its fallbacks; blank counts as unset. */
export function rawValue(
  env: RawEnv,
  name: string,
  fallbacks: readonly string[] = [],
): { text: string; source: string } | undefined {
  for (const source of [name, ...fallbacks]) {
    const text = env[source];
    if (text !== undefined && text.trim() !== '') {
      return { text: text.trim(), source };
    }
  }
  return undefined;
}

/**
 * Reads every variable of `spec` from `env` in table order, appending a problem to `problems` for
 * each value that does not parse.
 */
export function validateEnv<V>(spec: EnvSpec<V>, env: RawEnv, problems: string[]): ValidatedEnv<V> {
  const values: Partial<V> = {};
  const sources: { [K in keyof V]?: string } = {};
  const invalid = new Set<keyof V>();
  for (const name in spec) {
    const variable = spec[name];
    const raw = rawValue(env, name, variable.fallbacks);
    if (raw === undefined) {
      values[name] = variable.unset();
      continue;
    }
    const parsed = variable.parse(raw.text, raw.source);
    if (parsed.ok) {
      values[name] = parsed.value;
      sources[name] = raw.source;
    } else {
      problems.push(parsed.problem);
      invalid.add(name);
      values[name] = variable.unset();
    }
  }
  if (!hasEvery(spec, values)) {
    // Unreachable: the loop gave every variable of the table a value.
    throw new Error('Environment table read incompletely');
  }
  return { values, sources, invalid };
}

/**
 * Whether `values` holds an entry, `undefined` included, for every variable of `spec`. TypeScript
 * cannot follow a loop that fills a mapped type key by key, so completeness is checked here at run
 * time; each entry's type was already checked where it was stored, against its own variable.
 */
function hasEvery<V>(spec: EnvSpec<V>, values: Partial<V>): values is V {
  for (const name in spec) {
    if (!Object.hasOwn(values, name)) {
      return false;
    }
  }
  return true;
}
