/** The stable, machine-readable error vocabulary of REST and WebSocket answers (the wire contract's). */
export { ERROR_STATUS, isErrorCode } from '@ro-p2p/contract';
export type { ErrorCode } from '@ro-p2p/contract';
