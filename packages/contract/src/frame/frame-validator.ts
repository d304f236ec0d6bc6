import { asBuffer } from './bytes';
import { verifyFrameMac } from './frame-auth';
import { decodeDisconnect, decodePosition } from './frame-codec';
import {
  AUTH_TRAILER_SIZE,
  CLIENT_FORBIDDEN_TYPES,
  COMPRESSION_FLAGS,
  DEFAULT_SIZE_CAPS,
  DecodedFrame,
  ENCRYPTION_OVERHEAD,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameFlag,
  HEADER_SIZE,
  KNOWN_FLAGS_MASK,
  MAX_FRAME_SIZE,
  OPAQUE_PAYLOAD_FLAGS,
  OpaqueTypeName,
  PING_PAYLOAD_SIZE,
  PacketTypeCode,
  RejectReason,
  SEQ_SIZE,
  SizeCaps,
  ValidationResult,
  packetTypeName,
} from './frame';

export interface ValidateOptions {
  /** Per-connection HMAC key; an empty key counts as none. */
  frameKey?: Buffer;
  /** Highest sequence number accepted so far on this connection. */
  lastSeq?: bigint;
  authRequired: boolean;
  sizeCaps?: Partial<SizeCaps>;
}

const reject = (reason: RejectReason): ValidationResult => ({ ok: false, reason });

/**
 * Checks one frame from a client. Never throws: every read is preceded by a length check, so
 * any input maps to a frame or a reason (the property specs hammer this; no try/catch hides a
 * slip). The check order is normative (docs/protocol.md): cheap structural checks first, the
 * HMAC only once the frame is well formed.
 */
export function validateClientFrame(bytes: Uint8Array, opts: ValidateOptions): ValidationResult {
  const buf = asBuffer(bytes);
  if (buf.length < HEADER_SIZE) {
    return reject('length_mismatch');
  }
  if (buf.readUInt32BE(0) !== FRAME_MAGIC) {
    return reject('bad_magic');
  }
  const version = buf.readUInt16BE(4);
  if (version !== FRAME_VERSION) {
    return reject('unknown_version');
  }
  const flags = buf.readUInt16BE(6);
  if (!flagsAllowed(flags)) {
    return reject('reserved_flags');
  }
  const type = buf.readUInt16BE(8);
  const typeName = packetTypeName(type);
  if (typeName === undefined) {
    return reject('unknown_type');
  }
  const authenticated = (flags & FrameFlag.AUTHENTICATED) !== 0;
  const bodyLength = buf.readUInt32BE(10);
  if (bodyLength !== buf.length - HEADER_SIZE) {
    return reject('length_mismatch');
  }
  if (authenticated && bodyLength < AUTH_TRAILER_SIZE) {
    return reject('length_mismatch');
  }
  if (buf.length > MAX_FRAME_SIZE) {
    return reject('too_large');
  }
  if (CLIENT_FORBIDDEN_TYPES.has(type)) {
    return reject('type_not_allowed');
  }

  let payloadEnd = buf.length;
  let seq: bigint | undefined;
  if (authenticated || opts.authRequired) {
    const key = opts.frameKey;
    if (!authenticated || key === undefined || key.length === 0) {
      return reject('auth_required');
    }
    payloadEnd = buf.length - AUTH_TRAILER_SIZE;
    const macAt = payloadEnd + SEQ_SIZE;
    if (!verifyFrameMac(key, buf.subarray(0, macAt), buf.subarray(macAt))) {
      return reject('bad_mac');
    }
    seq = buf.readBigUInt64BE(payloadEnd);
    if (opts.lastSeq !== undefined && seq <= opts.lastSeq) {
      return reject('replay');
    }
  }

  const frame: DecodedFrame = {
    version,
    type: type as PacketTypeCode,
    typeName,
    flags,
    payload: buf.subarray(HEADER_SIZE, payloadEnd),
  };
  if (seq !== undefined) {
    frame.seq = seq;
  }
  const reason = checkPayload(frame, opts.sizeCaps);
  return reason === undefined ? { ok: true, frame } : reject(reason);
}

function flagsAllowed(flags: number): boolean {
  if ((flags & ~KNOWN_FLAGS_MASK) !== 0) {
    return false;
  }
  if ((flags & COMPRESSION_FLAGS) === COMPRESSION_FLAGS) {
    return false;
  }
  // Only the coordinator marks frames as relayed; a client doing so would spoof a sender.
  return (flags & FrameFlag.RELAYED) === 0;
}

/** Fills the parsed fields on success; returns the reason otherwise. */
function checkPayload(frame: DecodedFrame, caps?: Partial<SizeCaps>): RejectReason | undefined {
  const { payload, flags } = frame;
  const opaque = (flags & OPAQUE_PAYLOAD_FLAGS) !== 0;
  switch (frame.typeName) {
    case 'POSITION_UPDATE': {
      const position = opaque ? undefined : decodePosition(payload);
      if (position === undefined) {
        return 'bad_payload';
      }
      frame.position = position;
      return undefined;
    }
    case 'PING':
      if (opaque || payload.length !== PING_PAYLOAD_SIZE) {
        return 'bad_payload';
      }
      frame.pingBytes = payload;
      return undefined;
    case 'DISCONNECT': {
      const reason = opaque ? undefined : decodeDisconnect(payload);
      if (reason === undefined) {
        return 'bad_payload';
      }
      frame.disconnectReason = reason;
      return undefined;
    }
    case 'VISUAL_EFFECT':
    case 'CHAT_MESSAGE':
    case 'AI_INTERACTION':
    case 'ENVIRONMENTAL':
      return checkOpaque(frame, frame.typeName, caps);
    case 'HANDSHAKE_REQUEST':
    case 'HANDSHAKE_RESPONSE':
    case 'PONG':
      return 'type_not_allowed'; // refused earlier; listed so a new type cannot slip through
  }
}

function checkOpaque(frame: DecodedFrame, name: OpaqueTypeName, caps?: Partial<SizeCaps>): RejectReason | undefined {
  const cap = caps?.[name] ?? DEFAULT_SIZE_CAPS[name];
  const length = frame.payload.length;
  if (length > cap) {
    return 'too_large';
  }
  if ((frame.flags & FrameFlag.ENCRYPTED) !== 0 && length < ENCRYPTION_OVERHEAD) {
    return 'bad_payload';
  }
  // No compressor emits zero bytes, so an empty compressed payload is malformed.
  if ((frame.flags & COMPRESSION_FLAGS) !== 0 && length === 0) {
    return 'bad_payload';
  }
  return undefined;
}
