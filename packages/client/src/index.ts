/**
 * The coordinator client SDK (`@ro-p2p/client`). WebRTC is a separate entry point,
 * `@ro-p2p/client/webrtc`, because it needs the optional `werift` package; the load simulator is
 * `@ro-p2p/client/simulator`.
 */
export { CoordinatorClient } from './coordinator-client';
export type { CoordinatorClientOptions, PositionOptions } from './coordinator-client';
export { JoinRefusedError } from './client-events';
export type { ClientError, CoordinatorClientEvents, PeerListEvent, SessionInfo, SignalEvent } from './client-events';
export { CoordinatorApi, startHeartbeats } from './coordinator-api';
export type { TokenRequest, ZoneMapAnswer } from './coordinator-api';
export { CoordinatorApiError } from './rest-client';
export { DLL_BACKOFF, ReconnectBackoff } from './backoff';
export type { BackoffOptions } from './backoff';
export { PeerList, parsePeerListDiff } from './peer-list';
export type { PeerEntry, PeerListDiff } from './peer-list';
export { FrameSequencer } from './frame-sequencer';
export { TypedEmitter } from './typed-emitter';
export type * from './types';
export { FrameFlag, PacketType } from '@ro-p2p/contract';
export type { RelayedFrame } from '@ro-p2p/contract';
