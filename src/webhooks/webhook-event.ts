/**
 * The events the coordinator sends to `WEBHOOK_URLS` (docs/operations.md, "Webhooks"). Each is one
 * JSON envelope `{event, at, node_id, data}`; `data` is the event's own object below.
 */
export const WEBHOOK_EVENTS = [
  'peer.kicked',
  'peer.banned',
  'peer.unbanned',
  'peer.suspicious',
  'zone.updated',
  'node.down',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What each event carries. Never tokens, keys or passwords: ids, zones, scores and settings only. */
export interface WebhookEventData {
  /** A moderator closed a peer's connection (published by the moderation module). */
  'peer.kicked': { peer_id: string; reason?: string; [key: string]: unknown };
  /** A peer id was banned (published by the moderation module). */
  'peer.banned': { peer_id: string; reason?: string; [key: string]: unknown };
  /** A ban was lifted (published by the moderation module). */
  'peer.unbanned': { peer_id: string; [key: string]: unknown };
  /** A peer's movement suspicion reached MOVEMENT_SUSPICION_LIMIT (once per crossing, on the node that saw it). */
  'peer.suspicious': {
    peer_id: string;
    zone: string;
    suspicion: number;
    limit: number;
    rejections: Record<string, number>;
  };
  /** An admin created or changed a zone, or switched its P2P or status. */
  'zone.updated': {
    zone_id: string;
    action: 'upserted' | 'updated' | 'p2p_switched' | 'status_changed';
    changes: Record<string, unknown>;
    zone: Record<string, unknown>;
  };
  /** A node stopped beating without draining; sent by the one node that took the death's lease. */
  'node.down': { node_id: string; detected_by: string; peers_left: number; peers_held: number };
}

/** The JSON body of every delivery. */
export interface WebhookEnvelope<E extends WebhookEvent = WebhookEvent> {
  event: E;
  /** ISO 8601 time the event was published. */
  at: string;
  /** The node that sent it (`NODE_ID`). */
  node_id: string;
  data: WebhookEventData[E];
}
