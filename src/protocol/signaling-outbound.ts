import {
  Dialect,
  encodeServerMessage,
  ServerKind,
  ServerMessageMap,
  serverType,
  signalBodyField,
  SignalKind,
} from '@ro-p2p/contract';

/** The kinds of message the coordinator sends (the contract's ServerMessageMap). */
export type OutboundKind = ServerKind;
export type OutboundFields<K extends OutboundKind> = ServerMessageMap[K];

export function outboundType(kind: OutboundKind, dialect: Dialect): string {
  return serverType(kind, dialect);
}

/** Serialises an outbound message with the type spelled for the recipient's dialect. */
export function encodeOutbound<K extends OutboundKind>(kind: K, dialect: Dialect, fields: ServerMessageMap[K]): string {
  return encodeServerMessage(kind, dialect, fields);
}

/** Where a relayed signal carries its body: SDP for offers and answers, the candidate for ICE. */
export function signalField(kind: SignalKind): 'sdp' | 'candidate' {
  return signalBodyField(kind);
}

/**
 * A relayed signal, `{ type, from, sdp|candidate, timestamp }`, built by concatenation around a body
 * that is already JSON (validation serialised it to measure it). Byte for byte what encodeOutbound
 * gives for the same fields; the relay is the one message sent thousands of times a second.
 */
export function encodeSignal(
  kind: SignalKind,
  dialect: Dialect,
  from: string,
  bodyJson: string,
  timestamp: string,
): string {
  return `{"type":"${outboundType(kind, dialect)}","from":${JSON.stringify(from)},"${signalField(kind)}":${bodyJson},"timestamp":${JSON.stringify(timestamp)}}`;
}

/** The reference coordinator's signal timestamp: naive UTC ISO-8601 without the zone suffix. */
export function referenceTimestamp(now = new Date()): string {
  return referenceTimestampAt(now.getTime());
}

// One entry: signals relayed in the same millisecond share the text instead of formatting a Date each.
let cachedMs = Number.NaN;
let cachedText = '';

/** referenceTimestamp for epoch milliseconds (Date.now()); formats at most once per millisecond. */
export function referenceTimestampAt(ms: number): string {
  if (ms !== cachedMs) {
    cachedText = new Date(ms).toISOString().slice(0, -1);
    cachedMs = ms;
  }
  return cachedText;
}
