import { asBuffer } from './bytes';
import {
  DecodedFrame,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameFlag,
  HEADER_SIZE,
  KNOWN_FLAGS_MASK,
  MAX_SENDER_ID_BYTES,
  PacketTypeCode,
  PacketTypeName,
  RejectReason,
  packetTypeName,
} from './frame';

export interface RelayedFrame {
  type: PacketTypeCode;
  typeName: PacketTypeName;
  flags: number;
  senderPeerId: string;
  /** The sender's original payload, untouched (possibly compressed or encrypted). */
  payload: Uint8Array;
}

export type RelayDecodeResult = { ok: true; frame: RelayedFrame } | { ok: false; reason: RejectReason };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Rewrites a validated client frame for delivery to proximity peers. The sender's MAC is
 * dropped because receivers do not share the sender's per-connection key; the coordinator's
 * RELAYED flag plus the prefixed sender id is what receivers trust instead.
 */
export function buildRelayedFrame(original: Uint8Array, decoded: DecodedFrame, senderPeerId: string): Buffer {
  const idLength = Buffer.byteLength(senderPeerId, 'utf8');
  if (idLength === 0 || idLength > MAX_SENDER_ID_BYTES) {
    throw new RangeError(`sender id must be 1..${MAX_SENDER_ID_BYTES} UTF-8 bytes, got ${idLength}`);
  }
  const payload = decoded.payload;
  const bodyLength = 1 + idLength + payload.length;
  const out = Buffer.allocUnsafe(HEADER_SIZE + bodyLength);
  // Magic, version and type are copied as received so the relayed header is "the same header".
  out.set(original.subarray(0, 6), 0);
  out.set(original.subarray(8, 10), 8);
  out.writeUInt16BE((decoded.flags | FrameFlag.RELAYED) & ~FrameFlag.AUTHENTICATED, 6);
  out.writeUInt32BE(bodyLength, 10);
  out.writeUInt8(idLength, HEADER_SIZE);
  out.write(senderPeerId, HEADER_SIZE + 1, idLength, 'utf8');
  out.set(payload, HEADER_SIZE + 1 + idLength);
  return out;
}

const fail = (reason: RejectReason): RelayDecodeResult => ({ ok: false, reason });

/** Client side: unwraps a frame the coordinator relayed. Never throws. */
export function decodeRelayedFrame(bytes: Uint8Array): RelayDecodeResult {
  const buf = asBuffer(bytes);
  if (buf.length < HEADER_SIZE + 1) {
    return fail('length_mismatch');
  }
  if (buf.readUInt32BE(0) !== FRAME_MAGIC) {
    return fail('bad_magic');
  }
  if (buf.readUInt16BE(4) !== FRAME_VERSION) {
    return fail('unknown_version');
  }
  const flags = buf.readUInt16BE(6);
  const wellFlagged =
    (flags & ~KNOWN_FLAGS_MASK) === 0 && (flags & FrameFlag.RELAYED) !== 0 && (flags & FrameFlag.AUTHENTICATED) === 0;
  if (!wellFlagged) {
    return fail('reserved_flags');
  }
  const type = buf.readUInt16BE(8);
  const typeName = packetTypeName(type);
  if (typeName === undefined) {
    return fail('unknown_type');
  }
  if (buf.readUInt32BE(10) !== buf.length - HEADER_SIZE) {
    return fail('length_mismatch');
  }
  const idLength = buf.readUInt8(HEADER_SIZE);
  const idEnd = HEADER_SIZE + 1 + idLength;
  if (idLength === 0 || idLength > MAX_SENDER_ID_BYTES || idEnd > buf.length) {
    return fail('bad_payload');
  }
  let senderPeerId: string;
  try {
    senderPeerId = strictUtf8.decode(buf.subarray(HEADER_SIZE + 1, idEnd));
  } catch {
    return fail('bad_payload');
  }
  const frame = { type: type as PacketTypeCode, typeName, flags, senderPeerId };
  return { ok: true, frame: { ...frame, payload: buf.subarray(idEnd) } };
}
