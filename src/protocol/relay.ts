/** Relayed P2P2 frames: the wire contract's (packages/contract/src/frame), under their server-side path. */
export { buildRelayedFrame, decodeRelayedFrame } from '@ro-p2p/contract';
export type { RelayDecodeResult, RelayedFrame } from '@ro-p2p/contract';
