import { Dialect, RelayedFrame, SignalKind } from '@ro-p2p/contract';
import { PeerEntry } from './peer-list';
import { IceServer } from './types';

/** The session the client is in, from `session_created` / `session-joined`. */
export interface SessionInfo {
  sessionId: string;
  dialect: Dialect;
  /** The DLL dialect's zone; for the reference dialect, the zone the caller joined for, if known. */
  zone?: string;
  hostId?: string;
  /** Other members at join time (the reference dialect lists them; the DLL dialect does not). */
  peers: string[];
  /** Base64 per-connection key for authenticated frames; absent when the coordinator issued none. */
  frameKey?: string;
  iceServers: IceServer[];
  /** True when this join was re-sent after a reconnection. */
  rejoined: boolean;
}

export interface SignalEvent {
  kind: SignalKind;
  from: string;
  /** The SDP (offer/answer) or candidate, as the sender sent it (string or object). */
  body: unknown;
  timestamp?: string;
}

export interface PeerListEvent {
  zone: string;
  /** Entries new to the list, with their positions. */
  added: PeerEntry[];
  removed: string[];
  /** The whole list after this diff (a copy). */
  peers: Map<string, PeerEntry>;
}

/**
 * An error the coordinator reported (`code` from docs/signaling.md, `reason` for FRAME_REJECTED),
 * or a local one: CONNECTION_FAILED, RECONNECT_FAILED, BAD_MESSAGE, BAD_FRAME, LISTENER_ERROR.
 */
export interface ClientError {
  code: string;
  message: string;
  reason?: string;
  local: boolean;
}

/** A join the coordinator answered with an error (its `code`: ZONE_NOT_FOUND, SESSION_FULL, UNAUTHORIZED…). */
export class JoinRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JoinRefusedError';
  }
}

export interface CoordinatorClientEvents {
  open: [{ reconnect: boolean }];
  session: [SessionInfo];
  left: [{ sessionId?: string }];
  peerJoined: [string];
  peerLeft: [string];
  peerList: [PeerListEvent];
  signal: [SignalEvent];
  relayed: [RelayedFrame];
  pong: [Buffer];
  error: [ClientError];
  reconnecting: [{ attempt: number; delayMs: number }];
  closed: [{ code: number; reason: string; willReconnect: boolean }];
}
