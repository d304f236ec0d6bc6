/** Command-line reading shared by the simulator and the soak: `--flag value` or `--flag=value`. */

/**
 * Walks `argv`, calling `handle` with each flag and a reader of its value (the inline `=value`, else
 * the next argument, which is then consumed). Stops and answers 'help' when `handle` does.
 */
export function eachFlag(
  argv: readonly string[],
  handle: (flag: string, value: () => string | undefined) => 'help' | void,
): 'help' | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (handle(flag, () => inline ?? argv[++i]) === 'help') {
      return 'help';
    }
  }
  return undefined;
}

/** A number within [min, max], or an Error naming the flag and the bounds. */
export function numberFlag(flag: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${flag} must be a number from ${min} to ${max}`);
  }
  return value;
}

/** A comma-separated list with at least one item. */
export function listFlag(flag: string, raw: string | undefined): string[] {
  const items = (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) {
    throw new Error(`${flag} needs a value`);
  }
  return items;
}

export const unknownFlag = (flag: string): Error => new Error(`unknown option ${flag} (see --help)`);
