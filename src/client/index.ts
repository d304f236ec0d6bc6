/**
 * The coordinator client SDK. WebRTC (`./webrtc-peer`) is a separate entry point because it needs
 * the optional `werift` package.
 */
export { CoordinatorClient } from './coordinator-client';
export type { CoordinatorClientOptions, PositionOptions } from './coordinator-client';
export { JoinRefusedError } from './client-events';
export type { ClientError, CoordinatorClientEvents, PeerListEvent, SessionInfo, SignalEvent } from './client-events';
export { CoordinatorApi, startHeartbeats } from './coordinator-api';
export type { TokenRequest } from './coordinator-api';
export { CoordinatorApiError } from './rest-client';
export { DLL_BACKOFF, ReconnectBackoff } from './backoff';
export type { BackoffOptions } from './backoff';
export { PeerList, parsePeerListDiff } from './peer-list';
export type { PeerEntry, PeerListDiff } from './peer-list';
export { FrameSequencer } from './frame-sequencer';
export { TypedEmitter } from './typed-emitter';
export type * from './types';
export { FrameFlag, PacketType } from '../protocol/frame';
export type { RelayedFrame } from '../protocol/relay';
