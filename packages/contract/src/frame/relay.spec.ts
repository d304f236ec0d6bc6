import { encodeFrame } from './frame-codec';
import { validateClientFrame } from './frame-validator';
import { DecodedFrame, FrameFlag, HEADER_SIZE, PacketType } from './frame';
import { buildRelayedFrame, decodeRelayedFrame } from './relay';

const KEY = Buffer.alloc(32, 1);

function accepted(bytes: Buffer, authRequired = false): DecodedFrame {
  const result = validateClientFrame(bytes, { authRequired, frameKey: KEY });
  if (!result.ok) {
    throw new Error(`fixture rejected: ${result.reason}`);
  }
  return result.frame;
}

describe(buildRelayedFrame.name, () => {
  it('should prefix the sender id and set RELAYED, keeping the rest of the header', () => {
    const original = encodeFrame({
      type: PacketType.CHAT_MESSAGE,
      flags: FrameFlag.RELAY,
      payload: Buffer.from('hi'),
    });

    const sut = buildRelayedFrame(original, accepted(original), 'p1');

    expect(sut.toString('hex')).toBe('50325032' + '0001' + '0030' + '0005' + '00000005' + '02' + '7031' + '6869');
  });

  it('should drop the auth trailer and clear AUTHENTICATED', () => {
    const payload = Buffer.from('abc');
    const original = encodeFrame({
      type: PacketType.VISUAL_EFFECT,
      flags: FrameFlag.AUTHENTICATED | FrameFlag.RELAY | FrameFlag.LZ4,
      payload,
      seq: 3n,
      key: KEY,
    });

    const sut = buildRelayedFrame(original, accepted(original, true), 'peer-7');

    expect(sut.readUInt16BE(6)).toBe(FrameFlag.RELAYED | FrameFlag.RELAY | FrameFlag.LZ4);
    expect(sut.readUInt32BE(10)).toBe(1 + 6 + 3);
    expect(sut.length).toBe(HEADER_SIZE + 10);
    expect(sut.subarray(HEADER_SIZE + 7).equals(payload)).toBe(true);
  });

  it('should leave an encrypted payload byte for byte untouched', () => {
    const payload = Buffer.alloc(40, 0xee);
    const original = encodeFrame({
      type: PacketType.AI_INTERACTION,
      flags: FrameFlag.ENCRYPTED,
      payload,
    });

    const sut = decodeRelayedFrame(buildRelayedFrame(original, accepted(original), 'ü'));

    expect(sut.ok && Buffer.from(sut.frame.payload).equals(payload)).toBe(true);
    expect(sut.ok && sut.frame.senderPeerId).toBe('ü');
  });

  it('should refuse empty sender ids and ids over 64 UTF-8 bytes', () => {
    const original = encodeFrame({
      type: PacketType.CHAT_MESSAGE,
      flags: 0,
      payload: Buffer.alloc(1),
    });
    const decoded = accepted(original);

    expect(() => buildRelayedFrame(original, decoded, '')).toThrow(RangeError);
    expect(() => buildRelayedFrame(original, decoded, 'é'.repeat(33))).toThrow(RangeError);
    expect(buildRelayedFrame(original, decoded, 'a'.repeat(64)).readUInt8(HEADER_SIZE)).toBe(64);
  });
});

describe(decodeRelayedFrame.name, () => {
  const original = encodeFrame({
    type: PacketType.ENVIRONMENTAL,
    flags: FrameFlag.RELAY,
    payload: Buffer.from([5]),
  });
  const relayed = buildRelayedFrame(original, accepted(original), 'host-1');

  it('should return the sender, type, flags and inner payload', () => {
    const sut = decodeRelayedFrame(relayed);

    expect(sut).toEqual({
      ok: true,
      frame: {
        type: PacketType.ENVIRONMENTAL,
        typeName: 'ENVIRONMENTAL',
        flags: FrameFlag.RELAY | FrameFlag.RELAYED,
        senderPeerId: 'host-1',
        payload: Buffer.from([5]),
      },
    });
  });

  it.each([
    ['length_mismatch', relayed.subarray(0, HEADER_SIZE)],
    ['bad_magic', Buffer.concat([Buffer.from('00'.repeat(4), 'hex'), relayed.subarray(4)])],
    ['reserved_flags', original],
    ['length_mismatch', relayed.subarray(0, relayed.length - 1)],
  ])('should reject with %s', (reason, bytes) => {
    expect(decodeRelayedFrame(bytes)).toEqual({ ok: false, reason });
  });

  it('should reject sender ids that overrun the frame or are not UTF-8', () => {
    const overrun = Buffer.from(relayed);
    overrun[HEADER_SIZE] = 60;
    const notUtf8 = Buffer.from(relayed);
    notUtf8[HEADER_SIZE + 1] = 0xff;

    expect(decodeRelayedFrame(overrun)).toEqual({ ok: false, reason: 'bad_payload' });
    expect(decodeRelayedFrame(notUtf8)).toEqual({ ok: false, reason: 'bad_payload' });
  });
});
