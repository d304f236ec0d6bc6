import fc from 'fast-check';

/**
 * Structure-aware fuzzing of signaling messages: a valid message of every inbound type, in both
 * dialects' spellings, with one or more fields replaced by hostile JSON (nesting up to 10,000
 * levels, wide arrays and objects, `__proto__` / `constructor` keys, numbers JSON.parse turns into
 * Infinity or rounds, long strings, duplicate keys). The text is written by hand, because
 * JSON.stringify cannot write most of it, and only when sent, so a run never holds its inputs.
 *
 * Each message's shape is known by construction, so the test knows which messages the node must
 * refuse for their shape (the exact count of "Message nests …" / "Message has more …" answers), which
 * must be answered by a pong, and which (a valid position) may go unanswered.
 */
/** The documented limits (docs/signaling.md), written out rather than imported: the test states them. */
export const SHAPE_LIMITS = { depth: 32, width: 256, nodes: 4096 };

export const TYPES = [
  'create_session',
  'create-session',
  'join',
  'join_session',
  'join-session',
  'leave',
  'leave_session',
  'leave-session',
  'offer',
  'answer',
  'ice-candidate',
  'ice_candidate',
  'position',
  'ping',
] as const;
type InboundType = (typeof TYPES)[number];
/** Every field an inbound type reads, of any type. */
export const FIELDS = [
  'peer_id',
  'zone',
  'zone_id',
  'session_id',
  'token',
  'to',
  'target_peer_id',
  'target',
  'sdp',
  'candidate',
  'offer',
  'answer',
  'x',
  'y',
  'type',
  'capabilities',
] as const;

interface Shape {
  depth: number;
  width: number;
  nodes: number;
}

/** A replacement value: plain JSON (stringified), or hostile text built by hand. */
export type FieldValue =
  | { kind: 'json'; value: unknown }
  | { kind: 'deep'; container: 'array' | 'object'; depth: number }
  | { kind: 'wide'; container: 'array' | 'object'; width: number }
  | { kind: 'poison'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'string'; length: number };

export interface Plan {
  type: InboundType;
  /** offer / answer / ice-candidate bodies as the {type, sdp} / RTCIceCandidateInit object instead of a string. */
  bodyAsObject: boolean;
  /** Written after the message's own fields; a field written twice keeps the last value (JSON.parse). */
  replace: [string, FieldValue][];
  /** Keep the valid field too, before its replacement (a duplicate key), instead of dropping it. */
  duplicate: boolean;
  /** Sent as a binary frame: the frame validator must refuse it. */
  binary: boolean;
}

export interface Context {
  peerId: string;
  sessionId: string;
}

export interface Rendered {
  text: string;
  /** Past SHAPE_LIMITS: must be answered INVALID_MESSAGE "Message nests …" / "Message has more …". */
  overLimit: boolean;
  /** A ping that stays a ping: answered by a pong. */
  pong: boolean;
  /** A position that may be valid: accepted without an answer. */
  silent: boolean;
}

const POISON = [
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"prototype":null}',
  '{"__proto__":[1,2,3],"constructor":"x","prototype":{}}',
  '{"__proto__":null}',
  '{"toString":1,"valueOf":{},"hasOwnProperty":"x"}',
];
const NUMBERS = [
  '1e308',
  '-1e308',
  '-0',
  '18446744073709551616',
  '9007199254740993',
  '1e999',
  '-1e999',
  '5e-324',
  '1e-400',
  '123456789012345678901234567890',
  '0.1',
  '65536',
  '-1',
];

const depthArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(31, 32, 33, 34) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
);
// The megabyte values are rare: they cost the run most of its time and find nothing the smaller ones do not.
const widthArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(0, 255, 256, 257, 4096) },
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
  { weight: 1, arbitrary: fc.constant(100_000) },
);
/** Never a valid id (those are 1–64 characters): a hostile string never identifies a socket by accident. */
const lengthArb = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 65, max: 20_000 }) },
  { weight: 5, arbitrary: fc.constantFrom(65, 4097, 32_769, 65_537) },
  { weight: 1, arbitrary: fc.constant(1_000_000) },
);

/** Values that are never a valid peer id. */
const hostileArb: fc.Arbitrary<FieldValue> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      container: fc.constantFrom('array' as const, 'object' as const),
      depth: depthArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wide' as const),
      container: fc.constantFrom('array' as const, 'object' as const),
      width: widthArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('poison' as const), text: fc.constantFrom(...POISON) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('number' as const), text: fc.constantFrom(...NUMBERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('string' as const), length: lengthArb }) },
);
/** Ordinary JSON of the wrong kind or value (a second valid value for a duplicate key, too). */
const plainArb: fc.Arbitrary<FieldValue> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom<unknown>('b', 'other-peer', 'prontera', 'session-x', 0, 1, 65535, true, null, {}, []),
  )
  .map((value) => ({ kind: 'json' as const, value }));

/** Messages for a socket; `mayIdentify` false keeps create_session and join from identifying it (their peer_id is always hostile). */
export function planArb(mayIdentify: boolean): fc.Arbitrary<Plan> {
  const replacement = fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.oneof({ weight: 4, arbitrary: hostileArb }, { weight: 1, arbitrary: plainArb }),
  );
  return fc
    .record({
      type: fc.constantFrom(...TYPES),
      bodyAsObject: fc.boolean(),
      replace: fc.array(replacement, { minLength: 1, maxLength: 3 }),
      duplicate: fc.boolean(),
      binary: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      peerId: hostileArb,
    })
    .map(({ peerId, ...plan }) => {
      const identifies = canonical(plan.type) === 'create_session' || canonical(plan.type) === 'join';
      return mayIdentify || !identifies
        ? plan
        : { ...plan, replace: [...plan.replace, ['peer_id', peerId] as [string, FieldValue]] };
    });
}

function canonical(type: InboundType): string {
  return type.replace(/-/g, '_').replace(/^(join|leave)_session$/, '$1');
}

/** What a well-behaved client of either dialect sends with `type`. */
function validFields(plan: Plan, ctx: Context): [string, unknown][] {
  const sdp = plan.bodyAsObject
    ? { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }
    : 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n';
  const candidate = plan.bodyAsObject
    ? { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }
    : 'candidate:1 1 udp 1 10.0.0.1 5000 typ host';
  switch (canonical(plan.type)) {
    case 'create_session':
      return [
        ['peer_id', ctx.peerId],
        ['zone', 'prontera'],
        ['capabilities', { webrtc: true, encryption: true, compression: false }],
      ];
    case 'join':
      return [['session_id', ctx.sessionId]];
    case 'offer':
    case 'answer':
      // Nobody of that name is connected: every signal is answered with an error, never delivered.
      return [
        ['to', 'nobody-here'],
        ['sdp', sdp],
      ];
    case 'ice_candidate':
      return [
        ['to', 'nobody-here'],
        ['candidate', candidate],
      ];
    case 'position':
      return [
        ['x', 100],
        ['y', 100],
      ];
    default:
      return [];
  }
}

function renderValue(value: FieldValue): string {
  switch (value.kind) {
    case 'json':
      return JSON.stringify(value.value) ?? 'null';
    case 'deep':
      return value.container === 'array'
        ? `${'['.repeat(value.depth)}${']'.repeat(value.depth)}`
        : `${'{"a":'.repeat(value.depth)}1${'}'.repeat(value.depth)}`;
    case 'wide':
      return value.container === 'array'
        ? `[${new Array<string>(value.width).fill('0').join(',')}]`
        : `{${Array.from({ length: value.width }, (_, i) => `"k${i}":0`).join(',')}}`;
    case 'poison':
    case 'number':
      return value.text;
    case 'string':
      return `"${'x'.repeat(value.length)}"`;
  }
}

/** Shape by construction; small JSON is measured (recursion is safe at that size). */
function shapeOf(value: FieldValue): Shape {
  switch (value.kind) {
    case 'json':
      return measure(value.value);
    case 'deep':
      return value.container === 'array'
        ? { depth: value.depth, width: value.depth > 1 ? 1 : 0, nodes: value.depth }
        : { depth: value.depth, width: 1, nodes: value.depth + 1 };
    case 'wide':
      return { depth: 1, width: value.width, nodes: value.width + 1 };
    case 'poison':
      return measure(JSON.parse(value.text));
    case 'number':
    case 'string':
      return { depth: 0, width: 0, nodes: 1 };
  }
}

function measure(value: unknown): Shape {
  if (value === null || typeof value !== 'object') {
    return { depth: 0, width: 0, nodes: 1 };
  }
  const children = Object.values(value).map(measure);
  return {
    depth: Math.max(1, ...children.map((c) => c.depth + 1)),
    width: Math.max(children.length, ...children.map((c) => c.width)),
    nodes: 1 + children.reduce((sum, c) => sum + c.nodes, 0),
  };
}

/** The message text and what the node must do with it. */
export function render(plan: Plan, ctx: Context): Rendered {
  const replaced = new Set(plan.replace.map(([key]) => key));
  const own: [string, FieldValue][] = [
    ['type', { kind: 'json', value: plan.type }],
    ...validFields(plan, ctx).map(([key, value]): [string, FieldValue] => [key, { kind: 'json', value }]),
  ];
  const fields = [...own.filter(([key]) => plan.duplicate || !replaced.has(key)), ...plan.replace];
  const text = `{${fields.map(([key, value]) => `${JSON.stringify(key)}:${renderValue(value)}`).join(',')}}`;
  // JSON.parse keeps the last of duplicate keys: that is the message the node sees.
  const final = new Map(fields);
  const shapes = [...final.values()].map(shapeOf);
  const shape = {
    depth: 1 + Math.max(0, ...shapes.map((s) => s.depth)),
    width: Math.max(final.size, ...shapes.map((s) => s.width)),
    nodes: 1 + shapes.reduce((sum, s) => sum + s.nodes, 0),
  };
  const overLimit =
    shape.depth > SHAPE_LIMITS.depth || shape.width > SHAPE_LIMITS.width || shape.nodes > SHAPE_LIMITS.nodes;
  const typeKept = !replaced.has('type');
  return {
    text,
    overLimit,
    pong: !overLimit && typeKept && plan.type === 'ping',
    silent: !overLimit && typeKept && plan.type === 'position',
  };
}

/** Invalid UTF-8 (overlong, surrogate, truncated, out of range) inside an otherwise valid message. */
export const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

export function badUtf8Message(index: number): Buffer {
  return Buffer.concat([
    Buffer.from('{"type":"offer","to":"nobody-here","sdp":"v=0 '),
    Buffer.from(BAD_UTF8[index % BAD_UTF8.length]),
    Buffer.from('"}'),
  ]);
}
