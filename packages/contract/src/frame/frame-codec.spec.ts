import {
  buildPong,
  decodeDisconnect,
  decodeHeader,
  decodePosition,
  encodeDisconnect,
  encodeFrame,
  encodePosition,
} from './frame-codec';
import { verifyFrameMac } from './frame-auth';
import { AUTH_TRAILER_SIZE, FRAME_MAGIC, FrameFlag, HEADER_SIZE, PacketType } from './frame';

const KEY = Buffer.alloc(32, 7);

describe(encodeFrame.name, () => {
  it('should write the 14-byte big-endian header followed by the payload', () => {
    const sut = encodeFrame({
      type: PacketType.CHAT_MESSAGE,
      flags: 0x0010,
      payload: Buffer.from('hi'),
    });

    expect(sut.toString('hex')).toBe('50325032' + '0001' + '0010' + '0005' + '00000002' + '6869');
  });

  it.each(Object.entries(PacketType))('should round-trip the header of %s', (_name, type) => {
    const payload = Buffer.from([1, 2, 3]);

    const sut = decodeHeader(encodeFrame({ type, flags: FrameFlag.RELAY, payload }));

    expect(sut).toEqual({
      magic: FRAME_MAGIC,
      version: 1,
      flags: FrameFlag.RELAY,
      type,
      length: 3,
    });
  });

  it('should append sequence and MAC when authenticated, counted in the length field', () => {
    const payload = Buffer.from([9, 9]);

    const sut = encodeFrame({
      type: PacketType.PING,
      flags: FrameFlag.AUTHENTICATED,
      payload,
      seq: 5n,
      key: KEY,
    });

    expect(sut.length).toBe(HEADER_SIZE + 2 + AUTH_TRAILER_SIZE);
    expect(sut.readUInt32BE(10)).toBe(2 + AUTH_TRAILER_SIZE);
    expect(sut.readBigUInt64BE(HEADER_SIZE + 2)).toBe(5n);
    const macAt = sut.length - 32;
    expect(verifyFrameMac(KEY, sut.subarray(0, macAt), sut.subarray(macAt))).toBe(true);
  });

  it('should refuse an authenticated flag without key or sequence', () => {
    const frame = {
      type: PacketType.PING,
      flags: FrameFlag.AUTHENTICATED,
      payload: Buffer.alloc(8),
    };

    expect(() => encodeFrame(frame)).toThrow(RangeError);
    expect(() => encodeFrame({ ...frame, key: KEY })).toThrow(RangeError);
    expect(() => encodeFrame({ ...frame, seq: 1n })).toThrow(RangeError);
  });

  it('should refuse out-of-range header fields and sequence numbers', () => {
    const payload = Buffer.alloc(0);

    expect(() => encodeFrame({ type: 0x10000, flags: 0, payload })).toThrow(RangeError);
    expect(() => encodeFrame({ type: 1, flags: -1, payload })).toThrow(RangeError);
    expect(() => encodeFrame({ type: 3, flags: FrameFlag.AUTHENTICATED, payload, seq: 1n << 64n, key: KEY })).toThrow(
      RangeError,
    );
  });
});

describe(decodeHeader.name, () => {
  it('should return undefined for fewer than 14 bytes', () => {
    expect(decodeHeader(new Uint8Array(13))).toBeUndefined();
  });

  it('should read a view that does not start at offset 0 of its buffer', () => {
    const frame = encodeFrame({ type: PacketType.PING, flags: 0, payload: Buffer.alloc(8) });
    const backing = new Uint8Array(frame.length + 5);
    backing.set(frame, 5);

    expect(decodeHeader(backing.subarray(5))?.type).toBe(PacketType.PING);
  });
});

describe(encodePosition.name, () => {
  const position = { x: 150, y: 200, direction: 2, walkSpeedMs: 150, clientTimeMs: 0xdeadbeef };

  it('should encode 11 bytes that decode to the same position', () => {
    const sut = encodePosition(position);

    expect(sut.toString('hex')).toBe('0096' + '00c8' + '02' + '0096' + 'deadbeef');
    expect(decodePosition(sut)).toEqual(position);
  });

  it('should refuse fields the wire cannot carry', () => {
    expect(() => encodePosition({ ...position, direction: 8 })).toThrow(RangeError);
    expect(() => encodePosition({ ...position, x: 65536 })).toThrow(RangeError);
    expect(() => encodePosition({ ...position, clientTimeMs: -1 })).toThrow(RangeError);
  });
});

describe(decodePosition.name, () => {
  it('should reject a wrong size, a direction above 7 and a zero walk speed', () => {
    const good = encodePosition({ x: 1, y: 2, direction: 7, walkSpeedMs: 1, clientTimeMs: 0 });
    const badDirection = Buffer.from(good);
    badDirection[4] = 8;
    const zeroSpeed = Buffer.from(good);
    zeroSpeed.writeUInt16BE(0, 5);

    expect(decodePosition(good.subarray(0, 10))).toBeUndefined();
    expect(decodePosition(badDirection)).toBeUndefined();
    expect(decodePosition(zeroSpeed)).toBeUndefined();
  });
});

describe(encodeDisconnect.name, () => {
  it('should round-trip the u16 reason', () => {
    expect(decodeDisconnect(encodeDisconnect(0x1234))).toBe(0x1234);
    expect(decodeDisconnect(Buffer.alloc(3))).toBeUndefined();
  });
});

describe(buildPong.name, () => {
  it('should echo the 8 PING bytes in a plain PONG frame', () => {
    const ping = Buffer.from('0102030405060708', 'hex');

    const sut = buildPong(ping);

    expect(sut.toString('hex')).toBe('50325032000100000009000000080102030405060708');
  });

  it('should refuse anything but 8 bytes', () => {
    expect(() => buildPong(Buffer.alloc(7))).toThrow(RangeError);
  });
});
