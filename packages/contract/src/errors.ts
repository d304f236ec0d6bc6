/**
 * The one error vocabulary: every `code` the coordinator answers with, over REST (`{code, message}`
 * bodies) and over WebSocket (`error` messages), with the HTTP status it carries on REST. Codes met
 * only on WebSocket have the status that would describe them, so a service may throw them as it
 * throws any other.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 422,
  VALIDATION_FAILED: 422,
  UNAUTHORIZED: 401,
  INVALID_API_KEY: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  IDENTITY_REJECTED: 403,
  /** The peer id or the client address is banned by a moderator (token issuance, refresh, Bearer requests, WebSocket). */
  BANNED: 403,
  NOT_FOUND: 404,
  HOST_NOT_FOUND: 404,
  ZONE_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  NO_AVAILABLE_HOST: 404,
  PLAYER_NOT_IN_SESSION: 404,
  PEER_NOT_FOUND: 404,
  BAN_NOT_FOUND: 404,
  /** No map cache, or the zone's map is not in it (`GET /api/v1/zones/{zone_id}/map`). */
  MAP_NOT_AVAILABLE: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PEER_ID_IN_USE: 409,
  HOST_OFFLINE: 409,
  HOST_NOT_ELIGIBLE: 409,
  HOST_FULL: 409,
  ZONE_DISABLED: 409,
  ZONE_NOT_P2P: 409,
  P2P_DISABLED: 409,
  SESSION_FULL: 409,
  SESSION_INVALID_STATE: 409,
  MAX_PLAYERS_EXCEEDED: 422,
  /** A zone names a map that is not in the map cache (MAP_CACHE_FILE). */
  UNKNOWN_MAP: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  IDENTITY_UNAVAILABLE: 503,
  // WebSocket only.
  INVALID_MESSAGE: 400,
  UNKNOWN_TYPE: 400,
  NOT_IDENTIFIED: 401,
  PEER_ID_MISMATCH: 403,
  NOT_IN_SESSION: 409,
  NOT_IN_SAME_SESSION: 403,
  DELIVERY_FAILED: 404,
  FRAME_REJECTED: 400,
  IMPLAUSIBLE_MOVE: 400,
  /** A relay-flagged frame in a zone whose `fallback_enabled` is false: peers must connect directly. */
  RELAY_DISABLED: 409,
  /** A moderator closed the connection (`POST /api/v1/moderation/kick`); close 4003. */
  KICKED: 403,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The codes a WebSocket `error` message may carry (all of them: join refusals reuse REST's codes). */
export type SignalingErrorCode = ErrorCode;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}
