/**
 * The session state machine, kept pure so every transition is unit tested in one place.
 *
 *   pending ──activate (first player seated, or POST …/activate)──▶ active
 *   active ──activate──▶ active (a no-op: the reference coordinator's clients activate after creating)
 *   pending | active | paused ──end──▶ ended
 *   pending | active ──fail (idle clean-up)──▶ failed
 *
 * A session is `pending` only while it has never had a player: the first seat taken activates it,
 * so a session full of players is never reported as waiting. It stays `active` when its players
 * leave, until it is ended or the clean-up fails it. `paused` is part of the schema but nothing
 * pauses a session yet; it may still be ended.
 * `ended` and `failed` are terminal: nothing leaves them, so a session is never ended twice and its
 * counters are released exactly once.
 */
export type SessionStatus = 'pending' | 'active' | 'paused' | 'ended' | 'failed';
export const SESSION_STATUSES: readonly SessionStatus[] = ['pending', 'active', 'paused', 'ended', 'failed'];

export type SessionEvent = 'activate' | 'end' | 'fail';
export const SESSION_EVENTS: readonly SessionEvent[] = ['activate', 'end', 'fail'];

const TRANSITIONS: Record<SessionEvent, Partial<Record<SessionStatus, SessionStatus>>> = {
  activate: { pending: 'active', active: 'active' },
  end: { pending: 'ended', active: 'ended', paused: 'ended' },
  fail: { pending: 'failed', active: 'failed' },
};

/** The status after `event`, or undefined when the event is not allowed from `from`. */
export function nextStatus(from: SessionStatus, event: SessionEvent): SessionStatus | undefined {
  return TRANSITIONS[event][from];
}

/** The statuses an event may start from (used to build SQL filters). */
export function sourcesOf(event: SessionEvent): SessionStatus[] {
  return SESSION_STATUSES.filter((status) => nextStatus(status, event) !== undefined);
}

export function isTerminal(status: SessionStatus): boolean {
  return SESSION_EVENTS.every((event) => nextStatus(status, event) === undefined);
}

/** Whether seating a player activates the session (its first player does). */
export function activatesOnSeat(status: SessionStatus): boolean {
  return status === 'pending';
}

/** The status a new session starts in: active when it is created with players. */
export function initialStatus(players: number): SessionStatus {
  return players > 0 ? 'active' : 'pending';
}

/** Open sessions are the ones peers are assigned to and the idle clean-up watches. */
export const OPEN_STATUSES: readonly SessionStatus[] = ['pending', 'active'];

export function isOpen(status: SessionStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Players may join or leave any session that has not finished. */
export function acceptsPlayers(status: SessionStatus): boolean {
  return !isTerminal(status);
}

/** Metrics describe a running connection, so only open sessions take them. */
export function acceptsMetrics(status: SessionStatus): boolean {
  return isOpen(status);
}

/**
 * Whether the session occupies one of its zone's `active_sessions`: it was activated and has not
 * finished (a paused session was active and still holds its slot until it ends).
 */
export function holdsActiveSlot(status: SessionStatus): boolean {
  return status === 'active' || status === 'paused';
}
