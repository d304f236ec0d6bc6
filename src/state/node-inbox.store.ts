/** A message between nodes; callers define the kinds and the other fields (all JSON-serialisable). */
export interface InboxMessage {
  kind: string;
  [k: string]: unknown;
}

export type InboxHandler = (msg: InboxMessage) => void;

/** Reserved inbox name for cluster-wide broadcasts; no node may use it as its id. */
export const BROADCAST_INBOX = '*all*';

/**
 * Fire-and-forget delivery between coordinator nodes.
 *
 * Delivery is at-most-once and only reaches nodes subscribed at publish time; there is
 * no queue. `publish` reports how many receivers got the message, and 0 means the
 * target node is gone, which callers must treat as a delivery failure.
 */
export abstract class NodeInbox {
  /**
   * Starts delivering messages addressed to `nodeId`, plus every broadcast, to `handler`.
   * Resolves once the subscription is active. Handlers are called asynchronously and
   * their exceptions are logged, never propagated.
   */
  abstract subscribe(nodeId: string, handler: InboxHandler): Promise<void>;

  /**
   * Sends to one node; resolves with the number of receivers (0 = nobody listening). Rejects when
   * the transport fails or does not answer in time, so a caller never waits out a reconnect.
   */
  async publish(nodeId: string, msg: InboxMessage): Promise<number> {
    return this.publishEncoded(nodeId, JSON.stringify(msg));
  }

  /**
   * `publish` for a message its sender has serialised itself (to splice in JSON it already had):
   * `json` must be the text of an InboxMessage. The receiving node parses and checks it like any
   * other. Rejects, never throws, like `publish`.
   */
  abstract publishEncoded(nodeId: string, json: string): Promise<number>;

  /** Sends to every subscribed node, including the sender itself when it is subscribed. */
  abstract broadcast(msg: InboxMessage): Promise<number>;

  /** Stops all subscriptions of this instance. */
  abstract close(): Promise<void>;
}

export function assertInboxNodeId(nodeId: string): void {
  const error = inboxNodeIdError(nodeId);
  if (error) {
    throw error;
  }
}

/** What assertInboxNodeId would throw, for callers that reject instead. */
export function inboxNodeIdError(nodeId: string): Error | undefined {
  return !nodeId || nodeId === BROADCAST_INBOX ? new Error(`Invalid inbox node id: "${nodeId}"`) : undefined;
}
