import { Dialect, SignalKind } from '@ro-p2p/contract';
import { PeerListDiff, parsePeerListDiff } from './peer-list';
import { IceServer } from './types';

/**
 * Client side of the signaling JSON: builds what a client of either dialect sends and normalises
 * what the coordinator answers (both spellings) into one typed union.
 */
export type ServerMessage =
  | {
      kind: 'joined';
      sessionId: string;
      zone?: string;
      hostId?: string;
      peers: string[];
      frameKey?: string;
      iceServers: IceServer[];
    }
  | { kind: 'left'; sessionId?: string }
  | { kind: 'peer_joined'; peerId: string }
  | { kind: 'peer_left'; peerId: string }
  | { kind: 'peer_list'; diff: PeerListDiff }
  | { kind: 'signal'; signal: SignalKind; from: string; body: unknown; timestamp?: string }
  | { kind: 'error'; code: string; message: string; reason?: string }
  | { kind: 'pong' }
  | { kind: 'unknown'; type: string };

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

export function parseServerMessage(text: string): ServerMessage | undefined {
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
  const type = typeof m.type === 'string' ? m.type.replace(/-/g, '_') : '';
  switch (type) {
    case 'session_created':
    case 'session_joined': {
      const sessionId = str(m.session_id);
      if (sessionId === undefined) {
        return undefined;
      }
      const peers = Array.isArray(m.peers)
        ? (m.peers as unknown[]).filter((p): p is string => typeof p === 'string')
        : [];
      return {
        kind: 'joined',
        sessionId,
        zone: str(m.zone),
        hostId: str(m.host_id),
        peers,
        frameKey: str(m.frame_key),
        iceServers: Array.isArray(m.ice_servers) ? (m.ice_servers as IceServer[]) : [],
      };
    }
    case 'session_left':
      return { kind: 'left', sessionId: str(m.session_id) };
    case 'peer_joined':
    case 'peer_left': {
      const peerId = str(m.peer_id);
      return peerId === undefined ? undefined : { kind: type, peerId };
    }
    case 'peer_list': {
      const diff = parsePeerListDiff(m);
      return diff && { kind: 'peer_list', diff };
    }
    case 'offer':
    case 'answer':
    case 'ice_candidate': {
      const from = str(m.from);
      const body = type === 'ice_candidate' ? m.candidate : m.sdp;
      if (from === undefined || body === undefined) {
        return undefined;
      }
      const signal: SignalKind = type === 'ice_candidate' ? 'ice-candidate' : type;
      return { kind: 'signal', signal, from, body, timestamp: str(m.timestamp) };
    }
    case 'error':
      return { kind: 'error', code: str(m.code) ?? 'UNKNOWN', message: str(m.message) ?? '', reason: str(m.reason) };
    case 'pong':
      return { kind: 'pong' };
    default:
      return { kind: 'unknown', type: String(m.type) };
  }
}

/** What a client sends to enter a session: the DLL names a zone, a reference client a session. */
export type JoinTarget = { zone: string } | { sessionId: string };

export function joinMessage(dialect: Dialect, peerId: string, target: JoinTarget, token?: string): string {
  if (dialect === 'dll') {
    if (!('zone' in target)) {
      throw new TypeError('the dll dialect joins a zone (create_session), not a session id');
    }
    const capabilities = { webrtc: true, encryption: false, compression: false };
    return JSON.stringify({ type: 'create_session', peer_id: peerId, zone: target.zone, capabilities, token });
  }
  if (!('sessionId' in target)) {
    throw new TypeError('the reference dialect joins a session id (join), not a zone');
  }
  return JSON.stringify({ type: 'join', session_id: target.sessionId, token });
}

export function leaveMessage(): string {
  return JSON.stringify({ type: 'leave' });
}

/** Offers and answers carry `sdp`, ICE candidates `candidate`; the type is spelled per dialect. */
export function signalMessage(dialect: Dialect, kind: SignalKind, to: string, body: unknown): string {
  if (kind === 'ice-candidate') {
    return JSON.stringify({ type: dialect === 'dll' ? 'ice_candidate' : 'ice-candidate', to, candidate: body });
  }
  return JSON.stringify({ type: kind, to, sdp: body });
}
