/**
 * Limits on the shape of a parsed JSON value, checked before anything recursive walks it. V8's
 * JSON.parse is iterative and accepts any depth, but JSON.stringify, class-transformer and
 * class-validator recurse and overflow the stack a few thousand levels down: one 16 KB message of
 * `[[[[…]]]]` is enough. This check is iterative (an explicit stack), stops at the first problem and
 * costs O(values), so it is safe on anything JSON.parse returns.
 */
export interface JsonShapeLimits {
  /** Arrays and objects inside each other: the outermost is level 1, scalars add none. */
  readonly depth: number;
  /** Entries of any one array or object. */
  readonly width: number;
  /** Values in all: containers and scalars, the root included. */
  readonly nodes: number;
}

/** No REST body nests deeper than 4 levels (ice_servers[].urls[]); 32 leaves room for clients that wrap theirs. */
export const MAX_JSON_DEPTH = 32;

/**
 * A signaling message is a flat object whose deepest legitimate field is an SDP or ICE candidate
 * object of a handful of fields (`capabilities` likewise); nothing real comes near these. Width and
 * node limits keep a message within 64 KiB from becoming a wide array that every later step copies.
 */
export const SIGNALING_MESSAGE_LIMITS: JsonShapeLimits = { depth: MAX_JSON_DEPTH, width: 256, nodes: 4096 };

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Undefined when `value` is within `limits`, else what is wrong ("nests more than 32 levels deep").
 * The stack holds containers and their levels side by side, so a value costs no allocation of its own;
 * it never holds more than `limits.nodes` containers, each of them counted before it was pushed.
 */
export function jsonShapeProblem(value: unknown, limits: JsonShapeLimits): string | undefined {
  if (limits.nodes < 1) {
    return tooMany(limits);
  }
  if (!isContainer(value)) {
    return undefined;
  }
  if (limits.depth < 1) {
    return tooDeep(limits);
  }
  const stack: unknown[] = [value, 1];
  let nodes = 1;
  while (stack.length > 0) {
    const level = stack.pop() as number;
    const container = stack.pop() as object;
    const counted = Array.isArray(container)
      ? walkArray(container, level, nodes, limits, stack)
      : walkObject(container as Record<string, unknown>, level, nodes, limits, stack);
    if (typeof counted === 'string') {
      return counted;
    }
    nodes = counted;
  }
  return undefined;
}

/** Counts an array's entries (its length decides the width at once) and pushes its containers: the new value count, or the problem. */
function walkArray(
  array: unknown[],
  level: number,
  nodes: number,
  limits: JsonShapeLimits,
  stack: unknown[],
): number | string {
  if (array.length > limits.width) {
    return tooWide(limits);
  }
  const counted = nodes + array.length;
  if (counted > limits.nodes) {
    return tooMany(limits);
  }
  for (let i = 0; i < array.length; i += 1) {
    const problem = push(array[i], level, limits, stack);
    if (problem !== undefined) {
      return problem;
    }
  }
  return counted;
}

/**
 * Own keys only (what JSON.parse makes), in one pass that stops at the first entry past a limit. A
 * "__proto__" key from JSON.parse is an own data property: reading it gives its value, not the prototype.
 */
function walkObject(
  record: Record<string, unknown>,
  level: number,
  nodes: number,
  limits: JsonShapeLimits,
  stack: unknown[],
): number | string {
  let entries = 0;
  let counted = nodes;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) {
      continue;
    }
    if (++entries > limits.width) {
      return tooWide(limits);
    }
    if (++counted > limits.nodes) {
      return tooMany(limits);
    }
    const problem = push(record[key], level, limits, stack);
    if (problem !== undefined) {
      return problem;
    }
  }
  return counted;
}

/** Pushes a container found at `level`'s entries; scalars need no walking. */
function push(child: unknown, level: number, limits: JsonShapeLimits, stack: unknown[]): string | undefined {
  if (!isContainer(child)) {
    return undefined;
  }
  if (level >= limits.depth) {
    return tooDeep(limits);
  }
  stack.push(child, level + 1);
  return undefined;
}

const tooDeep = (limits: JsonShapeLimits): string => `nests more than ${limits.depth} levels deep`;
const tooWide = (limits: JsonShapeLimits): string => `has more than ${limits.width} entries in one array or object`;
const tooMany = (limits: JsonShapeLimits): string => `has more than ${limits.nodes} values`;
