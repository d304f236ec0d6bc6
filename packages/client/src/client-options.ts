import { Dialect } from '@ro-p2p/contract';
import { BackoffOptions } from './backoff';

export interface CoordinatorClientOptions {
  /** REST base, `http://host:port` (no path). */
  url: string;
  /** Signaling URL; default: the REST base with ws(s):// and `/api/v1/signaling/ws`. */
  wsUrl?: string;
  peerId: string;
  /** 'dll' (default): create_session by zone, underscore names. 'reference': ?peer_id= and join by session. */
  dialect?: Dialect;
  apiKey?: string;
  /** false disables reconnection; otherwise the DLL's schedule, overridable (e.g. a short base in tests). */
  reconnect?: false | BackoffOptions;
  /** Sign frames with the join reply's frame key (default true). */
  authenticateFrames?: boolean;
  /** Refresh the access token before a reconnection when it expires within this many seconds (default 60). */
  refreshMarginSeconds?: number;
  requestTimeoutMs?: number;
}
