/** The P2P2 frame codec: the wire contract's (packages/contract/src/frame), under its server-side path. */
export {
  buildPong,
  decodeDisconnect,
  decodeHeader,
  decodePosition,
  encodeDisconnect,
  encodeFrame,
  encodePosition,
} from '@ro-p2p/contract';
export type { EncodeFrameInput } from '@ro-p2p/contract';
