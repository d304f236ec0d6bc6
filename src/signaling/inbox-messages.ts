import type { NodeMessage, SignalKind } from '@ro-p2p/contract';

/** Messages nodes send each other through their inboxes: the wire contract's NodeMessageMap. */
export type { NodeMessage, NodeMessageHandlers } from '@ro-p2p/contract';
export type SessionEventMessage = NodeMessage<'session_event'>;
export type SignalMessage = NodeMessage<'signal'>;
export type SignalFailedMessage = NodeMessage<'signal_failed'>;
export type KickMessage = NodeMessage<'kick'>;
export type PositionBatchMessage = NodeMessage<'position_batch'>;
export type PeerListsMessage = NodeMessage<'peer_lists'>;
export type ProximityResyncMessage = NodeMessage<'proximity_resync'>;
export type RelayMessage = NodeMessage<'relay'>;

/**
 * A SignalMessage's JSON with `bodyJson` (the body as JSON, kept from validating it) spliced in,
 * so a signal is not serialised again on its way to another node. Parses back to the same object
 * JSON.stringify would have written.
 */
export function encodeSignalMessage(
  signal: SignalKind,
  from: string,
  to: string,
  bodyJson: string,
  origin: string,
): string {
  return `{"kind":"signal","signal":${JSON.stringify(signal)},"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},"origin":${JSON.stringify(origin)},"body":${bodyJson}}`;
}
