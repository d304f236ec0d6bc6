import fc from 'fast-check';
import { encodeDisconnect, encodeFrame, encodePosition } from './frame-codec';
import { ValidateOptions, validateClientFrame } from './frame-validator';
import { FrameFlag, PacketType, PacketTypeName } from './frame';

/**
 * Properties over generated and mutated frames: the validator never throws, every frame it
 * accepts re-encodes byte for byte from the decoded fields, and well-formed frames pass.
 */
const KEY = Buffer.alloc(32, 0x5a);
const RUNS = 20_000;
const SEED = 20_240_601;

const CLIENT_TYPES: PacketTypeName[] = [
  'POSITION_UPDATE',
  'VISUAL_EFFECT',
  'CHAT_MESSAGE',
  'AI_INTERACTION',
  'ENVIRONMENTAL',
  'PING',
  'DISCONNECT',
];

const positionPayload = fc
  .record({
    x: fc.integer({ min: 0, max: 0xffff }),
    y: fc.integer({ min: 0, max: 0xffff }),
    direction: fc.integer({ min: 0, max: 7 }),
    walkSpeedMs: fc.integer({ min: 1, max: 0xffff }),
    clientTimeMs: fc.integer({ min: 0, max: 0xffffffff }),
  })
  .map(encodePosition);

/** A frame a well-behaved client could send, with the options that must accept it. */
const wellFormed = fc
  .record({
    typeName: fc.constantFrom(...CLIENT_TYPES),
    opaqueFlags: fc.constantFrom(0, FrameFlag.LZ4, FrameFlag.ZSTD, FrameFlag.ENCRYPTED),
    relay: fc.boolean(),
    authenticated: fc.boolean(),
    seq: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
    opaque: fc.uint8Array({ minLength: 28, maxLength: 96 }),
    position: positionPayload,
    ping: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    reason: fc.integer({ min: 0, max: 0xffff }),
  })
  .map((g) => {
    const type = PacketType[g.typeName];
    const parsed = ({ POSITION_UPDATE: g.position, PING: g.ping } as Record<string, Uint8Array>)[g.typeName];
    const payload = parsed ?? (g.typeName === 'DISCONNECT' ? encodeDisconnect(g.reason) : g.opaque);
    const readable = parsed !== undefined || g.typeName === 'DISCONNECT';
    let flags = (readable ? 0 : g.opaqueFlags) | (g.relay ? FrameFlag.RELAY : 0);
    if (g.authenticated) {
      flags |= FrameFlag.AUTHENTICATED;
    }
    const bytes = encodeFrame({ type, flags, payload, seq: g.seq, key: KEY });
    const opts: ValidateOptions = {
      authRequired: g.authenticated,
      frameKey: KEY,
      lastSeq: g.seq - 1n,
    };
    return { bytes, opts };
  });

/** Random bodies behind a valid magic and version, often with a matching length field. */
const headed = fc
  .record({
    flags: fc.oneof(fc.integer({ min: 0, max: 0x3f }), fc.integer({ min: 0, max: 0xffff })),
    type: fc.integer({ min: 0, max: 12 }),
    body: fc.uint8Array({ maxLength: 120 }),
    honestLength: fc.boolean(),
  })
  .map(({ flags, type, body, honestLength }) => {
    const out = Buffer.alloc(14 + body.length);
    out.writeUInt32BE(0x50325032, 0);
    out.writeUInt16BE(1, 4);
    out.writeUInt16BE(flags, 6);
    out.writeUInt16BE(type, 8);
    out.writeUInt32BE(honestLength ? body.length : body.length ^ 1, 10);
    out.set(body, 14);
    return out;
  });

type Mutation = (b: Buffer) => Buffer;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant((b: Buffer) => b),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => (b: Buffer) => {
    const copy = Buffer.from(b);
    copy[at % copy.length] ^= xor;
    return copy;
  }),
  fc.nat().map((cut) => (b: Buffer) => b.subarray(0, cut % (b.length + 1))),
  fc.uint8Array({ minLength: 1, maxLength: 48 }).map((tail) => (b: Buffer) => Buffer.concat([b, tail])),
  fc.tuple(fc.constantFrom(4, 6, 8), fc.integer({ min: 0, max: 0xffff })).map(([at, value]) => (b: Buffer) => {
    const copy = Buffer.from(b);
    copy.writeUInt16BE(value, at);
    return copy;
  }),
  fc.integer({ min: 0, max: 0xffffffff }).map((length) => (b: Buffer) => {
    const copy = Buffer.from(b);
    copy.writeUInt32BE(length, 10);
    return copy;
  }),
);

const options: fc.Arbitrary<ValidateOptions> = fc.record(
  {
    authRequired: fc.boolean(),
    frameKey: fc.constantFrom(KEY, Buffer.alloc(32)),
    lastSeq: fc.bigInt({ min: 0n, max: 1n << 40n }),
  },
  { requiredKeys: ['authRequired'] },
);

function assertRoundTrip(bytes: Uint8Array, opts: ValidateOptions): void {
  const result = validateClientFrame(bytes, opts);
  if (!result.ok) {
    return;
  }
  const { type, flags, payload, seq } = result.frame;
  const again = encodeFrame({ type, flags, payload, seq, key: opts.frameKey });
  expect(again.equals(bytes)).toBe(true);
}

describe(`${validateClientFrame.name} properties`, () => {
  it('should accept every well-formed client frame', () => {
    fc.assert(
      fc.property(wellFormed, ({ bytes, opts }) => {
        expect(validateClientFrame(bytes, opts).ok).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('should never throw on random bytes, and round-trip whatever it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 96 }), headed), options, (bytes, opts) => {
        assertRoundTrip(bytes, opts);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('should never throw on mutated frames, and round-trip whatever it accepts', () => {
    fc.assert(
      fc.property(wellFormed, mutation, options, ({ bytes, opts }, mutate, otherOpts) => {
        const mutated = mutate(bytes);
        assertRoundTrip(mutated, opts);
        assertRoundTrip(mutated, otherOpts);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
