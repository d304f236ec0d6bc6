import type { NodeMessage, SignalKind } from '@ro-p2p/contract';

/** Messages nodes send each other through their inboxes: the wire contract's NodeMessageMap. */
export type { NodeMessage, NodeMessageHandlers } from '@ro-p2p/contract';
export type SessionEventMessage = NodeMessage<'session_event'>;
export type SignalMessage = NodeMessage<'signal'>;
export type SignalFailedMessage = NodeMessage<'signal_failed'>;
export type KickMessage = NodeMessage<'kick'>;
export type PositionBatchMessage = NodeMessage<'position_batch'>;
export type PeerListsMessage = NodeMessage<'peer_lists'>;
export type ProximityResyncMessage = NodeMessage<'proximity_resync'>;
export type RelayMessage = NodeMessage<'relay'>;

/** A relayed signal as its receiving node needs it: the body stays the JSON text it was sent as. */
export interface PackedSignal {
  signal: SignalKind;
  from: string;
  to: string;
  origin: string;
  bodyJson: string;
}

/**
 * A relayed signal as a packed inbox message (NodeInbox.publishEncoded): `signal\t<kind>\t"<from>"\t
 * "<to>"\t"<origin>"\t<body JSON>`. The ids are JSON strings (so no tab or line break is raw in
 * them) and `bodyJson` is the body's JSON kept from validating it (JSON.stringify's output, which
 * has neither either): the signal is not serialised again on its way, and the receiving node splices
 * the body into the peer's message without parsing it.
 */
export function encodeSignalMessage(
  signal: SignalKind,
  from: string,
  to: string,
  bodyJson: string,
  origin: string,
): string {
  return `signal\t${signal}\t${JSON.stringify(from)}\t${JSON.stringify(to)}\t${JSON.stringify(origin)}\t${bodyJson}`;
}

/** The text after `signal\t` of encodeSignalMessage's output, or undefined when it is not one. */
export function decodeSignalMessage(packed: string): PackedSignal | undefined {
  const t1 = packed.indexOf('\t');
  const t2 = packed.indexOf('\t', t1 + 1);
  const t3 = packed.indexOf('\t', t2 + 1);
  const t4 = packed.indexOf('\t', t3 + 1);
  if (t1 < 0 || t2 < 0 || t3 < 0 || t4 < 0) {
    return undefined;
  }
  const signal = packed.slice(0, t1);
  const from = unquote(packed.slice(t1 + 1, t2));
  const to = unquote(packed.slice(t2 + 1, t3));
  const origin = unquote(packed.slice(t3 + 1, t4));
  const bodyJson = packed.slice(t4 + 1);
  if (!isSignalKind(signal) || from === undefined || to === undefined || origin === undefined || !bodyJson) {
    return undefined;
  }
  return { signal, from, to, origin, bodyJson };
}

const SIGNAL_KINDS: ReadonlySet<string> = new Set<SignalKind>(['offer', 'answer', 'ice-candidate']);

function isSignalKind(value: string): value is SignalKind {
  return SIGNAL_KINDS.has(value);
}

/** A JSON string's value; only one with escapes needs the parser. */
function unquote(quoted: string): string | undefined {
  if (quoted.length < 2 || quoted.charCodeAt(0) !== QUOTE || quoted.charCodeAt(quoted.length - 1) !== QUOTE) {
    return undefined;
  }
  if (!quoted.includes('\\')) {
    return quoted.slice(1, -1);
  }
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

const QUOTE = 0x22;
