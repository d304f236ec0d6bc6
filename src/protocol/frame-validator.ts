/** The P2P2 frame validator: the wire contract's (packages/contract/src/frame), under its server-side path. */
export { validateClientFrame } from '@ro-p2p/contract';
export type { ValidateOptions } from '@ro-p2p/contract';
