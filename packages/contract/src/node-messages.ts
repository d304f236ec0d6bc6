import type { SignalKind } from './signaling/basics';
import type { PeerListEntry } from './signaling/server-messages';

/**
 * Every message one coordinator node sends another through its inbox (Redis pub/sub in a cluster,
 * in-process when single-node), by `kind`. Each is JSON; the receiving node dispatches on `kind`.
 */
export interface NodeMessageMap {
  /** A peer joined or left a session, or moved to another node ('route': tell no one, update the view). */
  session_event: { event: 'joined' | 'left' | 'route'; sessionId: string; peerId: string; nodeId: string };
  /** A signal for a peer held by the receiving node; `origin` hears back if it cannot be delivered. */
  signal: { signal: SignalKind; from: string; to: string; body: unknown; origin: string };
  signal_failed: { signal: SignalKind; from: string; to: string };
  /** Close this connection of the peer: a newer one replaced it. */
  kick: { peerId: string; connId: string };
  /** Positions (and departures) of peers on a non-owner node, batched per tick, for the zone owner. */
  position_batch: { zone: string; node: string; moves: [peer: string, x: number, y: number][]; gone: string[] };
  /** Peer-list diffs computed by a zone owner for peers held by another node. */
  peer_lists: {
    zone: string;
    lists: { peer: string; added: (PeerListEntry & { node: string })[]; removed: string[] }[];
  };
  /** A new zone owner asks every node to resend the positions of its peers in the zone. */
  proximity_resync: { zone: string; owner: string };
  /** A relayed P2P2 frame (base64) for peers held by the receiving node. */
  relay: { frame: string; targets: string[] };
  /**
   * A moderator's request to every node (broadcast): close the connections of a peer (`eject`), or
   * list the peers held there that match a search (`search`). Each node answers `moderation_reply`.
   */
  moderation_request: { requestId: string; origin: string } & ModerationRequest;
  /** One node's answer to a `moderation_request`, sent to its origin. */
  moderation_reply: { requestId: string; node: string; closed?: number; peers?: ModeratedPeer[] };
  /** A ban was created or lifted (broadcast): every node updates its in-memory ban list at once. */
  ban_changed: { origin: string; ban?: BanWire; liftedId?: string };
}

/** What a `moderation_request` asks. */
export type ModerationRequest =
  | { op: 'eject'; peerId?: string; ip?: string; code: 'KICKED' | 'BANNED'; reason: string }
  | { op: 'search'; prefix?: string; zone?: string; minSuspicion?: number; limit: number };

/** A connected peer as a node reports it to a moderator's search. */
export interface ModeratedPeer {
  peer_id: string;
  node_id: string;
  zone: string | null;
  session_id: string | null;
  address: string;
  connected_at: string;
  position: { x: number; y: number } | null;
  suspicion: number;
}

/** A ban as nodes pass it to each other (times are ISO 8601). */
export interface BanWire {
  id: string;
  peer_id: string | null;
  ip: string | null;
  reason: string;
  created_at: string;
  expires_at: string | null;
  lifted_at: string | null;
  created_by: string;
}

export type NodeKind = keyof NodeMessageMap;

export type NodeMessage<K extends NodeKind = NodeKind> = { [P in K]: { kind: P } & NodeMessageMap[P] }[K];

/** One handler per kind: a kind added to the map fails to compile until every dispatcher handles it. */
export type NodeMessageHandlers = { readonly [K in NodeKind]: (message: NodeMessage<K>) => void };

const NODE_KINDS: { readonly [K in NodeKind]: true } = {
  session_event: true,
  signal: true,
  signal_failed: true,
  kick: true,
  position_batch: true,
  peer_lists: true,
  proximity_resync: true,
  relay: true,
  moderation_request: true,
  moderation_reply: true,
  ban_changed: true,
};

export function isNodeKind(kind: unknown): kind is NodeKind {
  return typeof kind === 'string' && Object.hasOwn(NODE_KINDS, kind);
}

/** Calls the handler of the message's kind (the one place a message meets its handler). */
export function dispatchNodeMessage(message: NodeMessage, handlers: NodeMessageHandlers): void {
  // TypeScript cannot correlate message.kind with handlers[kind] across a union; the map's type
  // guarantees each handler takes exactly its kind.
  (handlers[message.kind] as (message: NodeMessage) => void)(message);
}
