import { jsonShapeProblem, SIGNALING_MESSAGE_LIMITS } from './json-shape';

import type { Dialect, ErrorCode, SignalKind } from '@ro-p2p/contract';
import { ClientKind, clientKindOf, DIALECT_OF_TYPE, ID_RE, MAX_CANDIDATE_CHARS, MAX_SDP_CHARS } from '@ro-p2p/contract';

/**
 * Inbound signaling messages of both client dialects, parsed once and validated without throwing.
 * Both spellings of every type are accepted.
 */
export { ID_RE, MAX_CANDIDATE_CHARS, MAX_SDP_CHARS };
export type { Dialect, SignalKind };

export type InboundMessage =
  | { type: 'create_session'; peerId?: string; zone: string; token?: string }
  | { type: 'join'; peerId?: string; sessionId: string; token?: string }
  | { type: 'leave' }
  | SignalInbound
  | { type: 'position'; x: number; y: number }
  | { type: 'ping' };

/**
 * `bodyJson` is the body as JSON, made once while checking its size: relaying splices it into the
 * outbound message instead of serialising the body again.
 */
export type SignalInbound = { type: 'signal'; kind: SignalKind; to: string; body: unknown; bodyJson: string };

/** The error code each parse failure is answered with. */
export const INBOUND_ERROR_CODES = {
  invalid_json: 'INVALID_JSON',
  invalid_message: 'INVALID_MESSAGE',
  unknown_type: 'UNKNOWN_TYPE',
} as const satisfies Record<InboundError['error'], ErrorCode>;

export type InboundError = {
  error: 'invalid_json' | 'invalid_message' | 'unknown_type';
  message: string;
};

/** Which dialect an inbound type implies, when it implies one. */
export function dialectOf(rawType: string): Dialect | undefined {
  return Object.hasOwn(DIALECT_OF_TYPE, rawType) ? DIALECT_OF_TYPE[rawType] : undefined;
}

const invalid = (message: string): InboundError => ({ error: 'invalid_message', message });

function optionalId(value: unknown, field: string): string | undefined | InboundError {
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === 'string' && ID_RE.test(value)
    ? value
    : invalid(`${field} must be 1-64 characters of letters, digits and . _ : @ -`);
}

function isError(value: unknown): value is InboundError {
  return typeof value === 'object' && value !== null && 'error' in value;
}

function parseSignal(kind: SignalKind, msg: Record<string, unknown>): InboundMessage | InboundError {
  const to = msg.to ?? msg.target_peer_id ?? msg.target;
  const field = kind === 'ice-candidate' ? 'candidate' : 'sdp';
  const body = msg[field] ?? (kind === 'offer' ? msg.offer : kind === 'answer' ? msg.answer : undefined);
  if (to === undefined || body === undefined || body === null || body === '') {
    return invalid(`to and ${field} required`);
  }
  const target = optionalId(to, 'to');
  if (isError(target) || target === undefined) {
    return isError(target) ? target : invalid(`to and ${field} required`);
  }
  const limit = kind === 'ice-candidate' ? MAX_CANDIDATE_CHARS : MAX_SDP_CHARS;
  // A string is measured before it is encoded, an object by its JSON (as before the JSON was kept).
  let bodyJson: string | undefined;
  if (typeof body === 'string') {
    bodyJson = body.length > limit ? undefined : JSON.stringify(body);
  } else if (typeof body === 'object') {
    const json = JSON.stringify(body);
    bodyJson = json.length > limit ? undefined : json;
  }
  if (bodyJson === undefined) {
    return invalid(`${field} must be a string or object of at most ${limit} characters`);
  }
  return { type: 'signal', kind, to: target, body, bodyJson };
}

/** A JWT carried in the first message (clients that cannot set headers or query parameters). */
function tokenOf(msg: Record<string, unknown>): string | undefined {
  return typeof msg.token === 'string' && msg.token.length <= 4096 ? msg.token : undefined;
}

function parseCoordinate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535 ? value : undefined;
}

function parseObject(type: ClientKind, msg: Record<string, unknown>): InboundMessage | InboundError {
  switch (type) {
    case 'create_session': {
      const peerId = optionalId(msg.peer_id, 'peer_id');
      const zone = optionalId(msg.zone ?? msg.zone_id, 'zone');
      if (isError(peerId)) {
        return peerId;
      }
      if (isError(zone)) {
        return zone;
      }
      return zone === undefined
        ? invalid('zone required')
        : { type: 'create_session', peerId, zone, token: tokenOf(msg) };
    }
    case 'join': {
      const peerId = optionalId(msg.peer_id, 'peer_id');
      const rawSession = typeof msg.session_id === 'number' ? String(msg.session_id) : msg.session_id;
      const sessionId = optionalId(rawSession, 'session_id');
      if (isError(peerId)) {
        return peerId;
      }
      if (isError(sessionId)) {
        return sessionId;
      }
      return sessionId === undefined
        ? invalid('session_id required')
        : { type: 'join', peerId, sessionId, token: tokenOf(msg) };
    }
    case 'leave':
      return { type: 'leave' };
    case 'offer':
    case 'answer':
    case 'ice-candidate':
      return parseSignal(type, msg);
    case 'position': {
      const x = parseCoordinate(msg.x);
      const y = parseCoordinate(msg.y);
      return x === undefined || y === undefined
        ? invalid('x and y must be integers 0-65535')
        : { type: 'position', x, y };
    }
    case 'ping':
      return { type: 'ping' };
  }
}

/** One JSON parse per message; never throws. `rawType` is what the client wrote (for dialect detection). */
export function parseInbound(text: string): { msg: InboundMessage; rawType: string } | InboundError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'invalid_json', message: 'Invalid JSON' };
  }
  // Before anything recursive sees it: JSON.parse takes any depth, JSON.stringify of a signal body
  // below overflows the stack on a few thousand levels (one 16 KB message took a node down).
  const problem = jsonShapeProblem(value, SIGNALING_MESSAGE_LIMITS);
  if (problem !== undefined) {
    return invalid(`Message ${problem}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('Message must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const rawType = record.type;
  if (typeof rawType !== 'string' || rawType === '') {
    return invalid('Message type required');
  }
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const type = clientKindOf(rawType);
  if (type === undefined) {
    return { error: 'unknown_type', message: `Unknown message type: ${rawType.slice(0, 64)}` };
  }
  const msg = parseObject(type, record);
  return isError(msg) ? msg : { msg, rawType };
}
