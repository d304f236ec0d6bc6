/** A message between nodes; callers define the kinds and the other fields (all JSON-serialisable). */
export interface InboxMessage {
  kind: string;
  [k: string]: unknown;
}

/**
 * A message its sender packed as `<kind>\t<text>` (NodeInbox.publishEncoded) arrives as is, unparsed:
 * the handler of its kind decodes `packed` itself (a relayed signal's body is spliced, never parsed).
 */
export interface PackedInboxMessage extends InboxMessage {
  packed: string;
}

/** Separates a packed message's kind from its text. */
export const PACKED_SEPARATOR = '\t';

export type InboxHandler = (msg: InboxMessage) => void;

/** How a publish ended: the receiver count, or the transport's error (then `receivers` is 0). */
export type PublishDone = (receivers: number, error?: Error) => void;

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
   * `publish` for a message its sender has encoded itself, on one line (no raw line break, which
   * JSON.stringify never writes): the JSON text of an InboxMessage, which the receiving node parses and
   * checks like any other, or a packed message `<kind>\t<text>` (kind without a tab), which reaches
   * the handler as a PackedInboxMessage unparsed. Rejects, never throws, like `publish`.
   */
  publishEncoded(nodeId: string, text: string): Promise<number> {
    return new Promise((resolve, reject) =>
      this.post(nodeId, text, (receivers, error) => (error ? reject(error) : resolve(receivers))),
    );
  }

  /**
   * `publishEncoded` without a promise per message, for the relay path: `done` is called once, after
   * this returns, with the receiver count or the error. The message is on its way (in order with
   * this inbox's other publishes) when this returns. Never throws.
   */
  abstract post(nodeId: string, text: string, done: PublishDone): void;

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
