/** Where a connected peer currently lives: the node holding its socket and that socket's id. */
export interface PeerRoute {
  nodeId: string;
  connId: string;
  /** Epoch ms when this connection claimed the peer. */
  since: number;
  /** The client address of the connection (canonical form); absent on routes written before it was kept. */
  address?: string;
}

/** A route and the connection expected to own it. */
export interface RouteOwner {
  peerId: string;
  connId: string;
}

/** What `claimFrom` did: claimed (and what it replaced), or left the live route of another address alone. */
export type AddressClaim = { claimed: true; previous: PeerRoute | null } | { claimed: false; holder: PeerRoute };

/**
 * Peer → route directory shared by every coordinator node.
 *
 * A route is owned by the connection that claimed it; the owner keeps it alive with
 * `refresh` and drops it with `release`. Ownership is checked by `connId`, so a late
 * cleanup from an old connection can never erase a newer connection's route.
 */
export abstract class PresenceStore {
  /** Stores the route and returns the one it replaced (if any), atomically. */
  abstract claim(peerId: string, route: PeerRoute, ttlMs: number): Promise<PeerRoute | null>;

  /**
   * Claims the route only if the peer has none, or its route comes from the same address as
   * `route.address` (or records no address), atomically: a live peer id is never handed to a
   * connection from elsewhere on the strength of its word alone.
   */
  abstract claimFrom(peerId: string, route: PeerRoute & { address: string }, ttlMs: number): Promise<AddressClaim>;

  abstract get(peerId: string): Promise<PeerRoute | null>;

  /** Routes for many peers in one round trip; peers without a live route are absent. */
  abstract getMany(peerIds: readonly string[]): Promise<Map<string, PeerRoute>>;

  /** Deletes the route only if it still belongs to `connId`; true when something was deleted. */
  abstract release(peerId: string, connId: string): Promise<boolean>;

  /**
   * `release` for many routes (a burst of disconnects), answered in the given order; stores do it
   * in one round trip where they can. Each route is still compared with its own `connId`.
   */
  releaseMany(routes: readonly RouteOwner[]): Promise<boolean[]> {
    return Promise.all(routes.map(({ peerId, connId }) => this.release(peerId, connId)));
  }

  /**
   * Extends the TTL of routes this node owns, given as peerId → connId.
   * Routes that are gone or now belong to another connection are left untouched and
   * their peer ids are returned, so the caller can notice it lost them.
   */
  abstract refresh(owned: ReadonlyMap<string, string>, ttlMs: number): Promise<string[]>;
}
