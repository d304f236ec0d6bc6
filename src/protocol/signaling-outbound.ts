import { Dialect, SignalKind } from './signaling-messages';

/** Outbound type names per dialect: underscores for the DLL, kebab-case for reference clients. */
const NAMES = {
  session_created: { dll: 'session_created', reference: 'session-created' },
  session_joined: { dll: 'session_joined', reference: 'session-joined' },
  session_left: { dll: 'session_left', reference: 'session-left' },
  peer_joined: { dll: 'peer_joined', reference: 'peer-joined' },
  peer_left: { dll: 'peer_left', reference: 'peer-left' },
  peer_list: { dll: 'peer_list', reference: 'peer-list' },
  npc_update: { dll: 'npc_update', reference: 'npc-update' },
  offer: { dll: 'offer', reference: 'offer' },
  answer: { dll: 'answer', reference: 'answer' },
  'ice-candidate': { dll: 'ice_candidate', reference: 'ice-candidate' },
  error: { dll: 'error', reference: 'error' },
  pong: { dll: 'pong', reference: 'pong' },
} as const;

export type OutboundKind = keyof typeof NAMES;

export function outboundType(kind: OutboundKind, dialect: Dialect): string {
  return NAMES[kind][dialect];
}

/** Serialises an outbound message with the type spelled for the recipient's dialect. */
export function encodeOutbound(
  kind: OutboundKind,
  dialect: Dialect,
  fields: Record<string, unknown>,
): string {
  return JSON.stringify({ type: outboundType(kind, dialect), ...fields });
}

/** Where a relayed signal carries its body: SDP for offers and answers, the candidate for ICE. */
export function signalField(kind: SignalKind): 'sdp' | 'candidate' {
  return kind === 'ice-candidate' ? 'candidate' : 'sdp';
}

/**
 * A relayed signal, `{ type, from, sdp|candidate, timestamp }`, built by concatenation around a body
 * that is already JSON (validation serialised it to measure it). Byte for byte what encodeOutbound
 * gives for the same fields; the relay is the one message sent thousands of times a second.
 */
export function encodeSignal(kind: SignalKind, dialect: Dialect, from: string, bodyJson: string, timestamp: string): string {
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
