import type { Dialect, SignalKind } from './basics';

/**
 * Every message a client may send, by its canonical type, as it appears on the wire. Both spellings
 * of each type are accepted from either dialect (`CLIENT_TYPE_ALIASES`); the fields listed as
 * alternatives are what one client or another sends for the same thing.
 */
export interface ClientMessageMap {
  /** DLL: be placed in a session of a zone. */
  create_session: {
    type: 'create_session' | 'create-session';
    zone?: string;
    zone_id?: string;
    peer_id?: string;
    /** A JWT, for clients that cannot set headers or query parameters. */
    token?: string;
    /** Sent by the DLL; not used. */
    capabilities?: { webrtc?: boolean; encryption?: boolean; compression?: boolean };
  };
  /** Reference dialect: join a session by integer id or session_id. */
  join: {
    type: 'join' | 'join_session' | 'join-session';
    session_id: string | number;
    peer_id?: string;
    token?: string;
  };
  leave: { type: 'leave' | 'leave_session' | 'leave-session' };
  offer: SignalFields<'offer'> & { sdp?: unknown; offer?: unknown };
  answer: SignalFields<'answer'> & { sdp?: unknown; answer?: unknown };
  'ice-candidate': SignalFields<'ice-candidate' | 'ice_candidate'> & { candidate: unknown };
  position: { type: 'position'; x: number; y: number };
  ping: { type: 'ping' };
}

/** The target of a relayed signal: `to`, or the older `target_peer_id` / `target`. */
interface SignalFields<T extends string> {
  type: T;
  to?: string;
  target_peer_id?: string;
  target?: string;
}

export type ClientKind = keyof ClientMessageMap;
export type ClientMessage = ClientMessageMap[ClientKind];

/** Every `type` a client may write, to its canonical kind. */
export const CLIENT_TYPE_ALIASES: { readonly [T in ClientMessage['type']]: ClientKind } = {
  create_session: 'create_session',
  'create-session': 'create_session',
  join: 'join',
  join_session: 'join',
  'join-session': 'join',
  leave: 'leave',
  leave_session: 'leave',
  'leave-session': 'leave',
  offer: 'offer',
  answer: 'answer',
  'ice-candidate': 'ice-candidate',
  ice_candidate: 'ice-candidate',
  position: 'position',
  ping: 'ping',
};

/** The spellings that tell the dialect of the client writing them. */
export const DIALECT_OF_TYPE: { readonly [type: string]: Dialect } = {
  create_session: 'dll',
  ice_candidate: 'dll',
  join_session: 'dll',
  join: 'reference',
  'ice-candidate': 'reference',
};

/** How each dialect spells the messages a client sends (what the SDK writes). */
export const CLIENT_TYPE_NAMES = {
  ice_candidate: { dll: 'ice_candidate', reference: 'ice-candidate' },
} as const satisfies { readonly [name: string]: Record<Dialect, ClientMessage['type']> };

/** Offers and answers carry `sdp`, ICE candidates `candidate`. */
export function signalBodyField(kind: SignalKind): 'sdp' | 'candidate' {
  return kind === 'ice-candidate' ? 'candidate' : 'sdp';
}

/** The canonical kind of a `type` a client wrote (own keys only: "constructor" finds nothing). */
export function clientKindOf(rawType: string): ClientKind | undefined {
  return Object.hasOwn(CLIENT_TYPE_ALIASES, rawType)
    ? (CLIENT_TYPE_ALIASES as { readonly [type: string]: ClientKind })[rawType]
    : undefined;
}
