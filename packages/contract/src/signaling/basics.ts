/**
 * The two client dialects. The DLL speaks underscore names (`create_session`, `ice_candidate`); the
 * earlier coordinator's clients speak kebab-case (`join`, `ice-candidate`).
 */
export type Dialect = 'dll' | 'reference';

/** Peer, session and zone ids: 1-64 characters of letters, digits and `. _ : @ -`. */
export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
export const MAX_SDP_CHARS = 32 * 1024;
export const MAX_CANDIDATE_CHARS = 4 * 1024;

/** The relayed WebRTC signals, by their canonical (reference) names. */
export type SignalKind = 'offer' | 'answer' | 'ice-candidate';
