import {
  acceptsMetrics,
  activatesOnSeat,
  acceptsPlayers,
  holdsActiveSlot,
  initialStatus,
  isOpen,
  isTerminal,
  nextStatus,
  SESSION_EVENTS,
  SESSION_STATUSES,
  SessionEvent,
  SessionStatus,
  sourcesOf,
} from './session-state';

/** The full expected table: every (status, event) pair, allowed or not. */
const EXPECTED: Record<SessionStatus, Record<SessionEvent, SessionStatus | undefined>> = {
  pending: { activate: 'active', end: 'ended', fail: 'failed' },
  active: { activate: 'active', end: 'ended', fail: 'failed' },
  paused: { activate: undefined, end: 'ended', fail: undefined },
  ended: { activate: undefined, end: undefined, fail: undefined },
  failed: { activate: undefined, end: undefined, fail: undefined },
};

describe('session-state', () => {
  describe('nextStatus', () => {
    for (const from of SESSION_STATUSES) {
      for (const event of SESSION_EVENTS) {
        const expected = EXPECTED[from][event];
        it(`should ${expected ? `move ${from} to ${expected}` : `refuse ${event}`} on ${event} from ${from}`, () => {
          expect(nextStatus(from, event)).toBe(expected);
        });
      }
    }
  });

  describe('sourcesOf', () => {
    it('should list the statuses each event starts from', () => {
      expect(sourcesOf('activate')).toEqual(['pending', 'active']);
      expect(sourcesOf('end')).toEqual(['pending', 'active', 'paused']);
      expect(sourcesOf('fail')).toEqual(['pending', 'active']);
    });
  });

  describe('predicates', () => {
    it('should treat only ended and failed as terminal', () => {
      expect(SESSION_STATUSES.filter(isTerminal)).toEqual(['ended', 'failed']);
    });

    it('should treat pending and active as open', () => {
      expect(SESSION_STATUSES.filter(isOpen)).toEqual(['pending', 'active']);
    });

    it('should accept players until the session finishes', () => {
      expect(SESSION_STATUSES.filter(acceptsPlayers)).toEqual(['pending', 'active', 'paused']);
    });

    it('should accept metrics only on open sessions', () => {
      expect(SESSION_STATUSES.filter(acceptsMetrics)).toEqual(['pending', 'active']);
    });

    it('should count active and paused sessions in the zone active slots', () => {
      expect(SESSION_STATUSES.filter(holdsActiveSlot)).toEqual(['active', 'paused']);
    });

    it('should activate a session when its first player is seated, and only then', () => {
      expect(SESSION_STATUSES.filter(activatesOnSeat)).toEqual(['pending']);
    });

    it('should start a session with players as active and an empty one as pending', () => {
      expect(initialStatus(1)).toBe('active');
      expect(initialStatus(0)).toBe('pending');
    });

    it('should never leave a terminal status', () => {
      for (const status of SESSION_STATUSES.filter(isTerminal)) {
        for (const event of SESSION_EVENTS) {
          expect(nextStatus(status, event)).toBeUndefined();
        }
      }
    });
  });
});
