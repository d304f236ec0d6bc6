import { encodeDisconnect, encodeFrame, encodePosition } from './frame-codec';
import { ValidateOptions, validateClientFrame } from './frame-validator';
import { FrameFlag, HEADER_SIZE, PacketType, REJECT_REASONS, RejectReason } from './frame';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const OPEN: ValidateOptions = { authRequired: false };
const position = { x: 150, y: 200, direction: 2, walkSpeedMs: 150, clientTimeMs: 1000 };

const frame = (type: number, payload: Uint8Array, flags = 0): Buffer => encodeFrame({ type, flags, payload });
const authed = (type: number, payload: Uint8Array, seq: bigint, flags = 0): Buffer =>
  encodeFrame({ type, flags: flags | FrameFlag.AUTHENTICATED, payload, seq, key: KEY });
const reasonOf = (bytes: Uint8Array, opts: ValidateOptions = OPEN): RejectReason | 'ok' => {
  const result = validateClientFrame(bytes, opts);
  return result.ok ? 'ok' : result.reason;
};
const withHeader = (bytes: Buffer, edit: (b: Buffer) => void): Buffer => {
  const copy = Buffer.from(bytes);
  edit(copy);
  return copy;
};

describe(validateClientFrame.name, () => {
  const ping = frame(PacketType.PING, Buffer.from('0102030405060708', 'hex'));

  describe('accepted frames', () => {
    it('should parse a POSITION_UPDATE', () => {
      const sut = validateClientFrame(frame(PacketType.POSITION_UPDATE, encodePosition(position)), OPEN);

      expect(sut).toMatchObject({ ok: true, frame: { typeName: 'POSITION_UPDATE', position } });
    });

    it('should expose the PING bytes and a DISCONNECT reason', () => {
      const disconnect = frame(PacketType.DISCONNECT, encodeDisconnect(3));

      expect(validateClientFrame(ping, OPEN)).toMatchObject({
        ok: true,
        frame: { pingBytes: Buffer.from('0102030405060708', 'hex') },
      });
      expect(validateClientFrame(disconnect, OPEN)).toMatchObject({
        ok: true,
        frame: { disconnectReason: 3 },
      });
    });

    it.each(['VISUAL_EFFECT', 'CHAT_MESSAGE', 'AI_INTERACTION', 'ENVIRONMENTAL'] as const)(
      'should accept an opaque %s up to its cap, compressed or encrypted',
      (name) => {
        const caps = {
          VISUAL_EFFECT: 1024,
          CHAT_MESSAGE: 512,
          AI_INTERACTION: 4096,
          ENVIRONMENTAL: 4096,
        };
        const type = PacketType[name];

        expect(reasonOf(frame(type, Buffer.alloc(caps[name])))).toBe('ok');
        expect(reasonOf(frame(type, Buffer.alloc(0)))).toBe('ok');
        expect(reasonOf(frame(type, Buffer.alloc(5), FrameFlag.LZ4 | FrameFlag.RELAY))).toBe('ok');
        expect(reasonOf(frame(type, Buffer.alloc(28), FrameFlag.ENCRYPTED | FrameFlag.ZSTD))).toBe('ok');
      },
    );

    it('should return the payload without the trailer and the sequence number', () => {
      const sut = validateClientFrame(authed(PacketType.CHAT_MESSAGE, Buffer.from('hey'), 7n), {
        authRequired: true,
        frameKey: KEY,
        lastSeq: 6n,
      });

      expect(sut.ok && Buffer.from(sut.frame.payload).toString()).toBe('hey');
      expect(sut.ok && sut.frame.seq).toBe(7n);
    });

    it('should accept an authenticated frame when auth is optional, and a plain one', () => {
      expect(
        reasonOf(authed(PacketType.PING, Buffer.alloc(8), 0n), {
          authRequired: false,
          frameKey: KEY,
        }),
      ).toBe('ok');
      expect(reasonOf(ping, { authRequired: false, frameKey: KEY })).toBe('ok');
    });
  });

  describe('rejections', () => {
    const cases: [RejectReason, Buffer, ValidateOptions?][] = [
      ['length_mismatch', ping.subarray(0, HEADER_SIZE - 1)],
      ['bad_magic', withHeader(ping, (b) => b.writeUInt32BE(0x50325033, 0))],
      ['unknown_version', withHeader(ping, (b) => b.writeUInt16BE(2, 4))],
      ['reserved_flags', withHeader(ping, (b) => b.writeUInt16BE(0x0040, 6))],
      ['reserved_flags', frame(PacketType.CHAT_MESSAGE, Buffer.alloc(4), FrameFlag.LZ4 | FrameFlag.ZSTD)],
      ['reserved_flags', frame(PacketType.CHAT_MESSAGE, Buffer.alloc(4), FrameFlag.RELAYED)],
      ['unknown_type', withHeader(ping, (b) => b.writeUInt16BE(0x000b, 8))],
      ['unknown_type', withHeader(ping, (b) => b.writeUInt16BE(0, 8))],
      ['length_mismatch', withHeader(ping, (b) => b.writeUInt32BE(9, 10))],
      ['length_mismatch', Buffer.concat([ping, Buffer.alloc(1)])],
      [
        'length_mismatch',
        withHeader(frame(PacketType.PING, Buffer.alloc(39)), (b) => b.writeUInt16BE(FrameFlag.AUTHENTICATED, 6)),
      ],
      ['too_large', frame(PacketType.CHAT_MESSAGE, Buffer.alloc(65_536 - HEADER_SIZE + 1))],
      ['too_large', frame(PacketType.CHAT_MESSAGE, Buffer.alloc(513))],
      ['type_not_allowed', frame(PacketType.HANDSHAKE_REQUEST, Buffer.alloc(4))],
      ['type_not_allowed', frame(PacketType.HANDSHAKE_RESPONSE, Buffer.alloc(4))],
      ['type_not_allowed', frame(PacketType.PONG, Buffer.alloc(8))],
      ['auth_required', ping, { authRequired: true, frameKey: KEY }],
      ['auth_required', authed(PacketType.PING, Buffer.alloc(8), 1n), OPEN],
      ['auth_required', authed(PacketType.PING, Buffer.alloc(8), 1n), { authRequired: true }],
      [
        'auth_required',
        authed(PacketType.PING, Buffer.alloc(8), 1n),
        { authRequired: false, frameKey: Buffer.alloc(0) },
      ],
      ['bad_mac', authed(PacketType.PING, Buffer.alloc(8), 1n), { authRequired: true, frameKey: Buffer.alloc(32) }],
      ['replay', authed(PacketType.PING, Buffer.alloc(8), 5n), { authRequired: true, frameKey: KEY, lastSeq: 5n }],
      ['replay', authed(PacketType.PING, Buffer.alloc(8), 4n), { authRequired: true, frameKey: KEY, lastSeq: 5n }],
      ['bad_payload', frame(PacketType.POSITION_UPDATE, Buffer.alloc(10))],
      ['bad_payload', frame(PacketType.POSITION_UPDATE, encodePosition(position), FrameFlag.LZ4)],
      ['bad_payload', frame(PacketType.POSITION_UPDATE, encodePosition(position), FrameFlag.ENCRYPTED)],
      [
        'bad_payload',
        frame(
          PacketType.POSITION_UPDATE,
          withHeader(encodePosition(position), (b) => (b[4] = 8)),
        ),
      ],
      [
        'bad_payload',
        frame(
          PacketType.POSITION_UPDATE,
          withHeader(encodePosition(position), (b) => b.writeUInt16BE(0, 5)),
        ),
      ],
      ['bad_payload', frame(PacketType.PING, Buffer.alloc(7))],
      ['bad_payload', frame(PacketType.PING, Buffer.alloc(8), FrameFlag.ZSTD)],
      ['bad_payload', frame(PacketType.DISCONNECT, Buffer.alloc(3))],
      ['bad_payload', frame(PacketType.DISCONNECT, Buffer.alloc(2), FrameFlag.ENCRYPTED)],
      ['bad_payload', frame(PacketType.VISUAL_EFFECT, Buffer.alloc(27), FrameFlag.ENCRYPTED)],
      ['bad_payload', frame(PacketType.VISUAL_EFFECT, Buffer.alloc(0), FrameFlag.LZ4)],
    ];

    // Rows are padded to three cells: jest would take a missing third argument for `done`.
    const rows = cases.map(([reason, bytes, opts]) => [reason, bytes, opts ?? OPEN] as const);

    it.each(rows)('should reject with %s (case %#)', (reason, bytes, opts) => {
      expect(reasonOf(bytes, opts)).toBe(reason);
    });

    it('should cover every reason the validator can produce', () => {
      const produced = new Set(cases.map(([reason]) => reason));
      const callerOnly: RejectReason[] = ['implausible_move', 'rate_exceeded'];

      expect([...produced].sort()).toEqual(REJECT_REASONS.filter((r) => !callerOnly.includes(r)).sort());
    });

    it('should reject a flipped payload bit of an authenticated frame as bad_mac', () => {
      const good = authed(PacketType.POSITION_UPDATE, encodePosition(position), 9n);
      const tampered = withHeader(good, (b) => (b[HEADER_SIZE] ^= 1));

      expect(reasonOf(tampered, { authRequired: true, frameKey: KEY })).toBe('bad_mac');
    });

    it('should apply size cap overrides and keep the defaults for other types', () => {
      const opts = { authRequired: false, sizeCaps: { CHAT_MESSAGE: 16 } };

      expect(reasonOf(frame(PacketType.CHAT_MESSAGE, Buffer.alloc(17)), opts)).toBe('too_large');
      expect(reasonOf(frame(PacketType.VISUAL_EFFECT, Buffer.alloc(1024)), opts)).toBe('ok');
    });

    it('should count the cap without the auth trailer', () => {
      const chat = authed(PacketType.CHAT_MESSAGE, Buffer.alloc(512), 1n);

      expect(reasonOf(chat, { authRequired: true, frameKey: KEY })).toBe('ok');
    });

    it('should follow the documented check order', () => {
      const everythingWrong = Buffer.from(ping);
      everythingWrong.writeUInt16BE(9, 4); // version
      everythingWrong.writeUInt16BE(0xffff, 6); // flags

      expect(reasonOf(everythingWrong)).toBe('unknown_version');
      expect(
        reasonOf(
          withHeader(ping, (b) => b.writeUInt32BE(99, 10)),
          { authRequired: true },
        ),
      ).toBe('length_mismatch');
      expect(reasonOf(frame(PacketType.PONG, Buffer.alloc(3)), { authRequired: true })).toBe('type_not_allowed');
      expect(reasonOf(withHeader(ping, (b) => b.writeUInt16BE(0x0099, 6)))).toBe('reserved_flags');
    });

    it('should never throw on a detached or empty input', () => {
      expect(reasonOf(new Uint8Array(0))).toBe('length_mismatch');
    });
  });
});
