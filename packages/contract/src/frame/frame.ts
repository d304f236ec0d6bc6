/**
 * P2P2 binary frame: constants and types shared by the codec, the validator and the relay
 * transform. docs/protocol.md is the normative description; keep the two in step.
 */

export const FRAME_MAGIC = 0x50325032; // "P2P2" in ASCII
export const FRAME_VERSION = 1;
export const HEADER_SIZE = 14;
export const SEQ_SIZE = 8;
export const MAC_SIZE = 32;
export const AUTH_TRAILER_SIZE = SEQ_SIZE + MAC_SIZE;
/** Whole frame, header included; bounds the memory one client message can cost us. */
export const MAX_FRAME_SIZE = 65_536;
/** AES-256-GCM: 12-byte IV + 16-byte tag around a possibly empty ciphertext. */
export const ENCRYPTION_OVERHEAD = 28;
export const MAX_SENDER_ID_BYTES = 64;

export const PacketType = {
  HANDSHAKE_REQUEST: 0x0001,
  HANDSHAKE_RESPONSE: 0x0002,
  POSITION_UPDATE: 0x0003,
  VISUAL_EFFECT: 0x0004,
  CHAT_MESSAGE: 0x0005,
  AI_INTERACTION: 0x0006,
  ENVIRONMENTAL: 0x0007,
  PING: 0x0008,
  PONG: 0x0009,
  DISCONNECT: 0x000a,
} as const;
export type PacketTypeName = keyof typeof PacketType;
export type PacketTypeCode = (typeof PacketType)[PacketTypeName];

const TYPE_NAMES = new Map<number, PacketTypeName>(
  (Object.keys(PacketType) as PacketTypeName[]).map((name) => [PacketType[name], name]),
);

export function packetTypeName(code: number): PacketTypeName | undefined {
  return TYPE_NAMES.get(code);
}

export const FrameFlag = {
  LZ4: 0x0001,
  ZSTD: 0x0002,
  ENCRYPTED: 0x0004,
  AUTHENTICATED: 0x0008,
  RELAY: 0x0010,
  RELAYED: 0x0020,
} as const;
export const KNOWN_FLAGS_MASK = 0x003f;
export const COMPRESSION_FLAGS = FrameFlag.LZ4 | FrameFlag.ZSTD;
/** Flags that make a payload unreadable by the coordinator. */
export const OPAQUE_PAYLOAD_FLAGS = COMPRESSION_FLAGS | FrameFlag.ENCRYPTED;

/** Types whose payload the coordinator never parses: it only bounds their size. */
export type OpaqueTypeName = 'VISUAL_EFFECT' | 'CHAT_MESSAGE' | 'AI_INTERACTION' | 'ENVIRONMENTAL';
export type SizeCaps = Record<OpaqueTypeName, number>;
/** Payload bytes, auth trailer excluded. */
export const DEFAULT_SIZE_CAPS: Readonly<SizeCaps> = Object.freeze({
  VISUAL_EFFECT: 1024,
  CHAT_MESSAGE: 512,
  AI_INTERACTION: 4096,
  ENVIRONMENTAL: 4096,
});

/** Types a client may never send: handshakes travel over the JSON channel, PONG is ours. */
export const CLIENT_FORBIDDEN_TYPES: ReadonlySet<number> = new Set([
  PacketType.HANDSHAKE_REQUEST,
  PacketType.HANDSHAKE_RESPONSE,
  PacketType.PONG,
]);

export const POSITION_PAYLOAD_SIZE = 11;
export const PING_PAYLOAD_SIZE = 8;
export const DISCONNECT_PAYLOAD_SIZE = 2;
export const MAX_DIRECTION = 7;

/** Exported as an array so callers can pre-create one metric label per reason. */
export const REJECT_REASONS = [
  'bad_magic',
  'unknown_version',
  'unknown_type',
  'reserved_flags',
  'length_mismatch',
  'too_large',
  'bad_payload',
  'bad_mac',
  'replay',
  'auth_required',
  'type_not_allowed',
  'implausible_move',
  'rate_exceeded',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface FrameHeader {
  magic: number;
  version: number;
  flags: number;
  type: number;
  /** Bytes after the header, auth trailer included. */
  length: number;
}

export interface PositionPayload {
  x: number;
  y: number;
  /** 0..7, rAthena's eight directions. */
  direction: number;
  /** Milliseconds per cell, > 0. */
  walkSpeedMs: number;
  /** Client clock, milliseconds, wraps at 2^32; informative only. */
  clientTimeMs: number;
}

export interface DecodedFrame {
  version: number;
  type: PacketTypeCode;
  typeName: PacketTypeName;
  flags: number;
  /** View into the input bytes, auth trailer excluded; copy it before keeping it. */
  payload: Uint8Array;
  seq?: bigint;
  position?: PositionPayload;
  /** The 8 opaque PING bytes, to be echoed in the PONG. */
  pingBytes?: Uint8Array;
  disconnectReason?: number;
}

export type ValidationResult = { ok: true; frame: DecodedFrame } | { ok: false; reason: RejectReason };
