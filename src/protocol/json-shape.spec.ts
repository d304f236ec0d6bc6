import fc from 'fast-check';
import { JsonShapeLimits, jsonShapeProblem, MAX_JSON_DEPTH, SIGNALING_MESSAGE_LIMITS } from './json-shape';

const SEED = 20_261_124;
const UNLIMITED = Number.POSITIVE_INFINITY;
const depthOnly = (depth: number): JsonShapeLimits => ({ depth, width: UNLIMITED, nodes: UNLIMITED });

/** `depth` levels of arrays or of objects around `leaf`, built by a loop (JSON.stringify could not make them). */
function nested(depth: number, kind: 'array' | 'object' | 'mixed', leaf: unknown = 1): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) {
    const asArray = kind === 'array' || (kind === 'mixed' && level % 2 === 0);
    value = asArray ? [value] : { a: value };
  }
  return value;
}

/** The same text a client would send: JSON.parse builds any depth without recursing. */
const parsedNested = (depth: number, kind: 'array' | 'object'): unknown =>
  JSON.parse(
    kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** The recursive measure the check must agree with (only ever given small values). */
function measure(value: unknown, level = 1): { depth: number; width: number; nodes: number } {
  if (value === null || typeof value !== 'object') {
    return { depth: 0, width: 0, nodes: 1 };
  }
  const children = Object.values(value).map((child) => measure(child, level + 1));
  return {
    depth: Math.max(level, ...children.map((c) => c.depth)),
    width: Math.max(children.length, ...children.map((c) => c.width)),
    nodes: 1 + children.reduce((sum, c) => sum + c.nodes, 0),
  };
}

describe(jsonShapeProblem.name, () => {
  it('should pass scalars and every shape a real signaling message has', () => {
    for (const scalar of [null, 0, -0, 1e308, '', 'x'.repeat(100_000), true, false]) {
      expect(jsonShapeProblem(scalar, SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
    }
    const messages = [
      {
        type: 'create_session',
        peer_id: '150001',
        zone: 'prontera',
        capabilities: { webrtc: true, encryption: true, compression: false },
      },
      { type: 'offer', to: 'b', sdp: { type: 'offer', sdp: 'v=0\r\n'.repeat(1000) } },
      {
        type: 'ice_candidate',
        to: 'b',
        candidate: {
          candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
          usernameFragment: null,
        },
      },
      { type: 'position', x: 10, y: 20 },
    ];
    for (const message of messages) {
      expect(jsonShapeProblem(message, SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
    }
  });

  it('should count arrays and objects as levels and scalars as none', () => {
    expect(jsonShapeProblem(1, depthOnly(0))).toBeUndefined();
    expect(jsonShapeProblem({}, depthOnly(0))).toBe('nests more than 0 levels deep');
    expect(jsonShapeProblem({ a: [1] }, depthOnly(2))).toBeUndefined();
    expect(jsonShapeProblem({ a: [[1]] }, depthOnly(2))).toBe('nests more than 2 levels deep');
    expect(jsonShapeProblem({ a: 1, b: { c: { d: null } } }, depthOnly(2))).toBe('nests more than 2 levels deep');
  });

  it.each(['array', 'object', 'mixed'] as const)(
    'should pass %s nesting at the limit and refuse one level more',
    (kind) => {
      expect(jsonShapeProblem(nested(MAX_JSON_DEPTH, kind), SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
      expect(jsonShapeProblem(nested(MAX_JSON_DEPTH + 1, kind), SIGNALING_MESSAGE_LIMITS)).toBe(
        'nests more than 32 levels deep',
      );
      // Inside a field of a message, the message itself is the first level.
      expect(
        jsonShapeProblem({ type: 'offer', sdp: nested(MAX_JSON_DEPTH - 1, kind) }, SIGNALING_MESSAGE_LIMITS),
      ).toBeUndefined();
      expect(
        jsonShapeProblem({ type: 'offer', sdp: nested(MAX_JSON_DEPTH, kind) }, SIGNALING_MESSAGE_LIMITS),
      ).toContain('levels deep');
    },
  );

  it.each([8_000, 1_000_000])(
    'should refuse %i levels of arrays and of objects without overflowing the stack',
    (depth) => {
      for (const kind of ['array', 'object'] as const) {
        expect(jsonShapeProblem(parsedNested(depth, kind), SIGNALING_MESSAGE_LIMITS)).toBe(
          'nests more than 32 levels deep',
        );
        expect(
          jsonShapeProblem({ type: 'offer', to: 'x', sdp: nested(depth, kind) }, SIGNALING_MESSAGE_LIMITS),
        ).toContain('levels deep');
        // Even with no limit on depth the walk is iterative: the value is measured whole, without a throw.
        expect(jsonShapeProblem(nested(depth, kind), { depth: depth, width: 1, nodes: UNLIMITED })).toBeUndefined();
      }
    },
  );

  it('should stop at the first level past the limit without reading anything deeper', () => {
    const trap = {};
    Object.defineProperty(trap, 'deeper', {
      enumerable: true,
      get: () => {
        throw new Error('walked past the limit');
      },
    });
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH + 1, 'mixed', trap), SIGNALING_MESSAGE_LIMITS)).toContain(
      'levels deep',
    );
  });

  it('should refuse an array or object wider than the limit, without walking its entries', () => {
    expect(jsonShapeProblem(new Array<number>(256).fill(0), SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
    expect(jsonShapeProblem(new Array<number>(257).fill(0), SIGNALING_MESSAGE_LIMITS)).toBe(
      'has more than 256 entries in one array or object',
    );
    expect(jsonShapeProblem({ sdp: new Array<number>(100_000).fill(0) }, SIGNALING_MESSAGE_LIMITS)).toContain(
      'entries',
    );
    // The length alone decides: a billion-slot array is refused at once.
    expect(jsonShapeProblem(new Array(1e9), SIGNALING_MESSAGE_LIMITS)).toContain('entries');
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(jsonShapeProblem({ candidate: wide }, SIGNALING_MESSAGE_LIMITS)).toContain('entries');
  });

  it('should refuse more values in all than the limit, however they are spread', () => {
    // 1 + 16 + 16 × 255 = 4,097 values.
    const spread = Array.from({ length: 16 }, () => new Array<number>(255).fill(0));
    expect(jsonShapeProblem(spread, SIGNALING_MESSAGE_LIMITS)).toBe('has more than 4096 values');
    expect(jsonShapeProblem(spread.slice(1), SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
    expect(jsonShapeProblem(1, { depth: 1, width: 1, nodes: 0 })).toBe('has more than 0 values');
  });

  it('should see the values under __proto__, constructor and prototype keys', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const deep = JSON.parse(`{"${key}":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`) as object;
      expect(jsonShapeProblem(deep, SIGNALING_MESSAGE_LIMITS)).toContain('levels deep');
      expect(jsonShapeProblem(JSON.parse(`{"${key}":{"${key}":1}}`), SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('should count own properties only', () => {
    const inherited = Object.create({ deep: nested(100, 'array'), wide: new Array(1000).fill(0) }) as object;
    expect(jsonShapeProblem({ a: inherited }, SIGNALING_MESSAGE_LIMITS)).toBeUndefined();
  });

  it('should end on a cyclic value (JSON has none, a caller might)', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(jsonShapeProblem(cycle, depthOnly(1000))).toContain('levels deep');
  });

  it('should agree with a recursive measure on any JSON value and any limits', () => {
    const limits = fc.record({ depth: fc.nat(8), width: fc.nat(8), nodes: fc.nat(60) });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), limits, (value, max) => {
        const problem = jsonShapeProblem(value, max);
        const actual = measure(value);
        const exceeded = [
          actual.depth > max.depth && 'levels deep',
          actual.width > max.width && 'entries in one',
          actual.nodes > max.nodes && 'values',
        ].filter((s): s is string => s !== false);
        if (exceeded.length === 0) {
          expect(problem).toBeUndefined();
        } else {
          expect(exceeded.some((kind) => problem?.includes(kind) ?? false)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('should decide nesting of up to 10,000 levels by depth alone, never throwing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom<'array' | 'object' | 'mixed'>('array', 'object', 'mixed'),
        fc.integer({ min: 1, max: 64 }),
        (depth, kind, limit) => {
          const problem = jsonShapeProblem(
            { type: 'offer', sdp: nested(depth, kind) },
            { ...SIGNALING_MESSAGE_LIMITS, depth: limit },
          );
          expect(problem === undefined).toBe(depth + 1 <= limit);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('should never turn a value it passes into a refusal when a limit is raised', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.record({ depth: fc.nat(6), width: fc.nat(6), nodes: fc.nat(40) }),
        fc.nat(5),
        (value, limits, more) => {
          if (jsonShapeProblem(value, limits) === undefined) {
            expect(
              jsonShapeProblem(value, {
                depth: limits.depth + more,
                width: limits.width + more,
                nodes: limits.nodes + more,
              }),
            ).toBeUndefined();
          }
        },
      ),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
