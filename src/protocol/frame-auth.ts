/**
 * The frame MAC (HMAC-SHA256, node:crypto on Node) and the byte-view helper: the wire contract's
 * (packages/contract/src/frame), under their server-side path.
 */
export { asBuffer, computeFrameMac, verifyFrameMac } from '@ro-p2p/contract';
