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

/**
 * A SignalMessage's JSON with `bodyJson` (the body as JSON, kept from validating it) spliced in,
 * so a signal is not serialised again on its way to another node. Parses back to the same object
 * JSON.stringify would have written.
 */
export function encodeSignalMessage(signal: SignalKind, from: string, to: string, bodyJson: string, origin: string): string {
  return `{"kind":"signal","signal":${JSON.stringify(signal)},"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},"origin":${JSON.stringify(origin)},"body":${bodyJson}}`;
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


/** Positions (and departures) of peers on a non-owner node, batched per tick, for the zone owner. */
export interface PositionBatchMessage {
  kind: 'position_batch';
  zone: string;
  node: string;
  moves: [peer: string, x: number, y: number][];
  gone: string[];
  [k: string]: unknown;
}

/** Peer-list diffs computed by a zone owner for peers held by another node. */
export interface PeerListsMessage {
  kind: 'peer_lists';
  zone: string;
  lists: { peer: string; added: { peer_id: string; x: number; y: number; node: string }[]; removed: string[] }[];
  [k: string]: unknown;
}

/** A new zone owner asks every node to resend the positions of its peers in the zone. */
export interface ProximityResyncMessage {
  kind: 'proximity_resync';
  zone: string;
  owner: string;
  [k: string]: unknown;
}

/** A relayed P2P2 frame (base64) for peers held by the receiving node. */
export interface RelayMessage {
  kind: 'relay';
  frame: string;
  targets: string[];
  [k: string]: unknown;
}

export type NodeMessage =
  | SessionEventMessage
  | SignalMessage
  | SignalFailedMessage
  | KickMessage
  | PositionBatchMessage
  | PeerListsMessage
  | ProximityResyncMessage
  | RelayMessage;
