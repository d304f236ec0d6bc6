import {
  CLIENT_TYPE_NAMES,
  ClientMessageMap,
  Dialect,
  JoinExtras,
  RelayedSignalKind,
  ServerKind,
  ServerMessageMap,
  SignalKind,
  serverKindOf,
} from '@ro-p2p/contract';
import { PeerListDiff, parsePeerListDiff } from './peer-list';
import { Received } from './wire-fields';

/**
 * Client side of the signaling JSON, typed by the wire contract: builds what a client of either
 * dialect sends (`ClientMessageMap`) and normalises what the coordinator answers, in either spelling
 * (`ServerMessageMap`, `serverKindOf`), into one typed union.
 */
export type InboundMessage =
  | {
      kind: 'joined';
      sessionId: string;
      zone?: string;
      hostId?: string;
      peers: ServerMessageMap['session_joined']['peers'];
      frameKey?: string;
      iceServers: JoinExtras['ice_servers'];
    }
  | { kind: 'left'; sessionId?: string }
  | { kind: 'peer_joined'; peerId: string }
  | { kind: 'peer_left'; peerId: string }
  | { kind: 'peer_list'; diff: PeerListDiff }
  | { kind: 'signal'; signal: SignalKind; from: string; body: unknown; timestamp?: string }
  | { kind: 'error'; code: string; message: string; reason?: string }
  | { kind: 'pong' }
  | { kind: 'unknown'; type: string };

type Joined = Extract<InboundMessage, { kind: 'joined' }>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? (value as unknown[]).filter((item): item is string => typeof item === 'string') : [];

/** The fields both join replies share; undefined without a session id. */
function joined(
  m: Received<'session_created'> | Received<'session_joined'>,
  own: Pick<Joined, 'hostId' | 'peers'>,
): Joined | undefined {
  const sessionId = str(m.session_id);
  if (sessionId === undefined) {
    return undefined;
  }
  return {
    kind: 'joined',
    sessionId,
    zone: str(m.zone),
    hostId: own.hostId,
    peers: own.peers,
    frameKey: str(m.frame_key),
    iceServers: Array.isArray(m.ice_servers) ? (m.ice_servers as JoinExtras['ice_servers']) : [],
  };
}

function relayedSignal(
  kind: RelayedSignalKind,
  from: unknown,
  body: unknown,
  timestamp: unknown,
): InboundMessage | undefined {
  const sender = str(from);
  if (sender === undefined || body === undefined) {
    return undefined;
  }
  return { kind: 'signal', signal: kind, from: sender, body, timestamp: str(timestamp) };
}

/**
 * One reader per server kind, each reading only the fields the contract gives that kind: a kind
 * added to the contract, or a field renamed or removed, fails to compile here.
 */
const READERS: { readonly [K in ServerKind]: (m: Received<K>, type: string) => InboundMessage | undefined } = {
  session_created: (m) => joined(m, { hostId: str(m.host_id), peers: [] }),
  session_joined: (m) => joined(m, { hostId: undefined, peers: strings(m.peers) }),
  session_left: (m) => ({ kind: 'left', sessionId: str(m.session_id) }),
  peer_joined: (m) => {
    const peerId = str(m.peer_id);
    return peerId === undefined ? undefined : { kind: 'peer_joined', peerId };
  },
  peer_left: (m) => {
    const peerId = str(m.peer_id);
    return peerId === undefined ? undefined : { kind: 'peer_left', peerId };
  },
  peer_list: (m) => {
    const diff = parsePeerListDiff(m);
    return diff && { kind: 'peer_list', diff };
  },
  // Not surfaced by the SDK.
  npc_update: (_m, type) => ({ kind: 'unknown', type }),
  offer: (m) => relayedSignal('offer', m.from, m.sdp, m.timestamp),
  answer: (m) => relayedSignal('answer', m.from, m.sdp, m.timestamp),
  'ice-candidate': (m) => relayedSignal('ice-candidate', m.from, m.candidate, m.timestamp),
  error: (m) => ({
    kind: 'error',
    code: str(m.code) ?? 'UNKNOWN',
    message: str(m.message) ?? '',
    reason: str(m.reason),
  }),
  pong: () => ({ kind: 'pong' }),
};

export function parseServerMessage(text: string): InboundMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const m = value as Record<string, unknown>;
  const type = String(m.type);
  const kind = typeof m.type === 'string' ? serverKindOf(m.type) : undefined;
  return kind === undefined ? { kind: 'unknown', type } : READERS[kind](m, type);
}

/** What a client sends to enter a session: the DLL names a zone, a reference client a session. */
export type JoinTarget = { zone: string } | { sessionId: string };

export function joinMessage(dialect: Dialect, peerId: string, target: JoinTarget, token?: string): string {
  if (dialect === 'dll') {
    if (!('zone' in target)) {
      throw new TypeError('the dll dialect joins a zone (create_session), not a session id');
    }
    const capabilities = { webrtc: true, encryption: false, compression: false };
    return JSON.stringify({
      type: 'create_session',
      peer_id: peerId,
      zone: target.zone,
      capabilities,
      token,
    } satisfies ClientMessageMap['create_session']);
  }
  if (!('sessionId' in target)) {
    throw new TypeError('the reference dialect joins a session id (join), not a zone');
  }
  return JSON.stringify({ type: 'join', session_id: target.sessionId, token } satisfies ClientMessageMap['join']);
}

export function leaveMessage(): string {
  return JSON.stringify({ type: 'leave' } satisfies ClientMessageMap['leave']);
}

/** Offers and answers carry `sdp`, ICE candidates `candidate`; the type is spelled per dialect. */
export function signalMessage(dialect: Dialect, kind: SignalKind, to: string, body: unknown): string {
  if (kind === 'ice-candidate') {
    return JSON.stringify({
      type: CLIENT_TYPE_NAMES.ice_candidate[dialect],
      to,
      candidate: body,
    } satisfies ClientMessageMap['ice-candidate']);
  }
  return JSON.stringify({ type: kind, to, sdp: body } satisfies ClientMessageMap['offer' | 'answer']);
}
