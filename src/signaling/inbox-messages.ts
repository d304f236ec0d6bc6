import { SignalKind } from '../protocol/signaling-messages';

/** Messages nodes send each other through their inboxes. */
export interface SessionEventMessage {
  kind: 'session_event';
  event: 'joined' | 'left' | 'route';
  sessionId: string;
  peerId: string;
  nodeId: string;
  [k: string]: unknown;
}

export interface SignalMessage {
  kind: 'signal';
  signal: SignalKind;
  from: string;
  to: string;
  body: unknown;
  origin: string;
  [k: string]: unknown;
}

export interface SignalFailedMessage {
  kind: 'signal_failed';
  signal: SignalKind;
  from: string;
  to: string;
  [k: string]: unknown;
}

export interface KickMessage {
  kind: 'kick';
  peerId: string;
  connId: string;
  [k: string]: unknown;
}

export type NodeMessage = SessionEventMessage | SignalMessage | SignalFailedMessage | KickMessage;
