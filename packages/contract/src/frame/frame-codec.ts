import { asBuffer } from './bytes';
import { computeFrameMac } from './frame-auth';
import {
  AUTH_TRAILER_SIZE,
  DISCONNECT_PAYLOAD_SIZE,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameFlag,
  FrameHeader,
  HEADER_SIZE,
  MAX_DIRECTION,
  PING_PAYLOAD_SIZE,
  POSITION_PAYLOAD_SIZE,
  PacketType,
  PositionPayload,
  SEQ_SIZE,
} from './frame';

export interface EncodeFrameInput {
  type: number;
  flags: number;
  payload: Uint8Array;
  /** Required with FrameFlag.AUTHENTICATED. */
  seq?: bigint;
  /** Required with FrameFlag.AUTHENTICATED. */
  key?: Buffer;
}

const U64_MAX = (1n << 64n) - 1n;

function assertU16(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new RangeError(`${name} must be a u16, got ${value}`);
  }
}

/**
 * Builds a frame. Throws on caller mistakes (out-of-range fields, an authenticated flag without
 * key or sequence) because a silently malformed frame would only fail later, on the peer.
 */
export function encodeFrame(input: EncodeFrameInput): Buffer {
  const { type, flags, payload } = input;
  assertU16('type', type);
  assertU16('flags', flags);
  const authenticated = (flags & FrameFlag.AUTHENTICATED) !== 0;
  if (authenticated && (input.key === undefined || input.seq === undefined)) {
    throw new RangeError('an authenticated frame needs both key and seq');
  }
  const trailer = authenticated ? AUTH_TRAILER_SIZE : 0;
  const out = Buffer.allocUnsafe(HEADER_SIZE + payload.length + trailer);
  out.writeUInt32BE(FRAME_MAGIC, 0);
  out.writeUInt16BE(FRAME_VERSION, 4);
  out.writeUInt16BE(flags, 6);
  out.writeUInt16BE(type, 8);
  out.writeUInt32BE(payload.length + trailer, 10);
  out.set(payload, HEADER_SIZE);
  if (authenticated) {
    const seq = input.seq as bigint;
    if (seq < 0n || seq > U64_MAX) {
      throw new RangeError(`seq must be a u64, got ${seq}`);
    }
    const seqAt = HEADER_SIZE + payload.length;
    out.writeBigUInt64BE(seq, seqAt);
    const mac = computeFrameMac(input.key as Buffer, out.subarray(0, seqAt + SEQ_SIZE));
    mac.copy(out, seqAt + SEQ_SIZE);
  }
  return out;
}

/** Reads the 14-byte header; undefined when fewer bytes are available. Never throws. */
export function decodeHeader(bytes: Uint8Array): FrameHeader | undefined {
  if (bytes.length < HEADER_SIZE) {
    return undefined;
  }
  const buf = asBuffer(bytes);
  return {
    magic: buf.readUInt32BE(0),
    version: buf.readUInt16BE(4),
    flags: buf.readUInt16BE(6),
    type: buf.readUInt16BE(8),
    length: buf.readUInt32BE(10),
  };
}

export function encodePosition(p: PositionPayload): Buffer {
  assertU16('x', p.x);
  assertU16('y', p.y);
  assertU16('walkSpeedMs', p.walkSpeedMs);
  if (!Number.isInteger(p.direction) || p.direction < 0 || p.direction > MAX_DIRECTION) {
    throw new RangeError(`direction must be 0..${MAX_DIRECTION}, got ${p.direction}`);
  }
  if (!Number.isInteger(p.clientTimeMs) || p.clientTimeMs < 0 || p.clientTimeMs > 0xffffffff) {
    throw new RangeError(`clientTimeMs must be a u32, got ${p.clientTimeMs}`);
  }
  const out = Buffer.allocUnsafe(POSITION_PAYLOAD_SIZE);
  out.writeUInt16BE(p.x, 0);
  out.writeUInt16BE(p.y, 2);
  out.writeUInt8(p.direction, 4);
  out.writeUInt16BE(p.walkSpeedMs, 5);
  out.writeUInt32BE(p.clientTimeMs, 7);
  return out;
}

/** Undefined when the size is wrong or a field is out of range (direction > 7, speed 0). */
export function decodePosition(payload: Uint8Array): PositionPayload | undefined {
  if (payload.length !== POSITION_PAYLOAD_SIZE) {
    return undefined;
  }
  const buf = asBuffer(payload);
  const position: PositionPayload = {
    x: buf.readUInt16BE(0),
    y: buf.readUInt16BE(2),
    direction: buf.readUInt8(4),
    walkSpeedMs: buf.readUInt16BE(5),
    clientTimeMs: buf.readUInt32BE(7),
  };
  if (position.direction > MAX_DIRECTION || position.walkSpeedMs === 0) {
    return undefined;
  }
  return position;
}

export function encodeDisconnect(reason: number): Buffer {
  assertU16('reason', reason);
  const out = Buffer.allocUnsafe(DISCONNECT_PAYLOAD_SIZE);
  out.writeUInt16BE(reason, 0);
  return out;
}

export function decodeDisconnect(payload: Uint8Array): number | undefined {
  if (payload.length !== DISCONNECT_PAYLOAD_SIZE) {
    return undefined;
  }
  return asBuffer(payload).readUInt16BE(0);
}

/** The coordinator's answer to a PING: a plain PONG echoing the 8 opaque bytes. */
export function buildPong(pingBytes: Uint8Array): Buffer {
  if (pingBytes.length !== PING_PAYLOAD_SIZE) {
    throw new RangeError(`PING payload must be ${PING_PAYLOAD_SIZE} bytes, got ${pingBytes.length}`);
  }
  return encodeFrame({ type: PacketType.PONG, flags: 0, payload: pingBytes });
}
