import type { SignalingErrorCode } from '../errors';
import type { IceServer } from '../ice';
import type { Dialect, SignalKind } from './basics';

/** What a join reply carries besides the session (see docs/signaling.md, "Join replies"). */
export interface JoinExtras {
  /** base64 of this connection's 32-byte key for authenticated P2P2 frames. */
  frame_key?: string;
  ice_servers: IceServer[];
}

/** A peer in a `peer_list` diff. */
export interface PeerListEntry {
  peer_id: string;
  x: number;
  y: number;
}

/** A relayed signal as its target receives it. */
type Relayed<Body extends 'sdp' | 'candidate'> = { from: string; timestamp: string } & { [K in Body]: unknown };

/**
 * Every message the coordinator sends a client, by canonical kind, without its `type` (which is
 * spelled per dialect: `SERVER_TYPE_NAMES`). Ids are strings.
 */
export interface ServerMessageMap {
  /** DLL: the answer to create_session. */
  session_created: { session_id: string; zone: string; host_id?: string } & JoinExtras;
  /** Reference: the answer to join, with the other members. `session_id` as the client wrote it. */
  session_joined: { session_id: string; peers: string[]; zone: string } & JoinExtras;
  session_left: { session_id: string };
  peer_joined: { peer_id: string };
  peer_left: { peer_id: string };
  peer_list: { zone: string; added: PeerListEntry[]; removed: string[] };
  /** NPCs of the zone as the AI service describes them (passed through). */
  npc_update: { zone: string; npcs: unknown[] };
  offer: Relayed<'sdp'>;
  answer: Relayed<'sdp'>;
  'ice-candidate': Relayed<'candidate'>;
  /** `reason` refines the code for machines (a frame's reject reason, an identity refusal's cause). */
  error: { code: SignalingErrorCode; message: string; reason?: string };
  pong: { timestamp: number };
}

export type ServerKind = keyof ServerMessageMap;

/** Outbound type names per dialect: underscores for the DLL, kebab-case for reference clients. */
export const SERVER_TYPE_NAMES = {
  session_created: { dll: 'session_created', reference: 'session-created' },
  session_joined: { dll: 'session_joined', reference: 'session-joined' },
  session_left: { dll: 'session_left', reference: 'session-left' },
  peer_joined: { dll: 'peer_joined', reference: 'peer-joined' },
  peer_left: { dll: 'peer_left', reference: 'peer-left' },
  peer_list: { dll: 'peer_list', reference: 'peer-list' },
  npc_update: { dll: 'npc_update', reference: 'npc-update' },
  offer: { dll: 'offer', reference: 'offer' },
  answer: { dll: 'answer', reference: 'answer' },
  'ice-candidate': { dll: 'ice_candidate', reference: 'ice-candidate' },
  error: { dll: 'error', reference: 'error' },
  pong: { dll: 'pong', reference: 'pong' },
} as const satisfies { readonly [K in ServerKind]: Record<Dialect, string> };

/** A server message as a client reads it: the fields of its kind and the dialect's spelling of its type. */
export type ServerMessage<K extends ServerKind = ServerKind> = {
  [P in K]: { type: (typeof SERVER_TYPE_NAMES)[P][Dialect] } & ServerMessageMap[P];
}[K];

export function serverType(kind: ServerKind, dialect: Dialect): string {
  return SERVER_TYPE_NAMES[kind][dialect];
}

/** Every spelling of every server type, to its canonical kind (for clients that accept both). */
export const SERVER_KIND_OF_TYPE: { readonly [type: string]: ServerKind } = Object.fromEntries(
  (Object.keys(SERVER_TYPE_NAMES) as ServerKind[]).flatMap((kind) =>
    Object.values(SERVER_TYPE_NAMES[kind]).map((type): [string, ServerKind] => [type, kind]),
  ),
);

/**
 * The canonical kind of a `type` the coordinator wrote, in either spelling; undefined for anything
 * else (own keys only: "constructor" finds nothing).
 */
export function serverKindOf(type: string): ServerKind | undefined {
  return Object.hasOwn(SERVER_KIND_OF_TYPE, type) ? SERVER_KIND_OF_TYPE[type] : undefined;
}

/** The server kinds that relay a signal, by signal kind (they share their names). */
export type RelayedSignalKind = SignalKind & ServerKind;

/** Serialises a server message with its type spelled for the recipient's dialect. */
export function encodeServerMessage<K extends ServerKind>(
  kind: K,
  dialect: Dialect,
  fields: ServerMessageMap[K],
): string {
  return JSON.stringify({ type: SERVER_TYPE_NAMES[kind][dialect], ...fields });
}

/**
 * Every field of every server message, as data (docs and tests read it). Typed so that a field
 * added to or removed from ServerMessageMap fails to compile here until this list follows.
 */
export const SERVER_MESSAGE_FIELDS: {
  readonly [K in ServerKind]: { readonly [F in keyof ServerMessageMap[K]]-?: true };
} = {
  session_created: { session_id: true, zone: true, host_id: true, frame_key: true, ice_servers: true },
  session_joined: { session_id: true, peers: true, zone: true, frame_key: true, ice_servers: true },
  session_left: { session_id: true },
  peer_joined: { peer_id: true },
  peer_left: { peer_id: true },
  peer_list: { zone: true, added: true, removed: true },
  npc_update: { zone: true, npcs: true },
  offer: { from: true, timestamp: true, sdp: true },
  answer: { from: true, timestamp: true, sdp: true },
  'ice-candidate': { from: true, timestamp: true, candidate: true },
  error: { code: true, message: true, reason: true },
  pong: { timestamp: true },
};
