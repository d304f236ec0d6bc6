import {
  activationDeltas,
  creationDeltas,
  joinDeltas,
  leaveDeltas,
  mergeDeltas,
  releaseDeltas,
} from './session-counters';

describe('session-counters', () => {
  describe('creationDeltas', () => {
    it('should charge the host one session and the players, and the zone a session and players served', () => {
      expect(creationDeltas(3, 7, 4)).toEqual({
        hosts: [{ hostPk: 3, players: 4, sessions: 1 }],
        zones: [{ zonePk: 7, totalSessions: 1, activeSessions: 0, playersServed: 4 }],
      });
    });

    it('should charge no host for a host-less mesh session', () => {
      expect(creationDeltas(null, 7, 0)).toEqual({
        hosts: [],
        zones: [{ zonePk: 7, totalSessions: 1, activeSessions: 0, playersServed: 0 }],
      });
    });
  });

  describe('activationDeltas', () => {
    it('should add one active session to the zone', () => {
      expect(activationDeltas(2)).toEqual({
        hosts: [],
        zones: [{ zonePk: 2, totalSessions: 0, activeSessions: 1, playersServed: 0 }],
      });
    });
  });

  describe('joinDeltas', () => {
    it('should add one player to the host and one served player to the zone', () => {
      expect(joinDeltas(1, 2)).toEqual({
        hosts: [{ hostPk: 1, players: 1, sessions: 0 }],
        zones: [{ zonePk: 2, totalSessions: 0, activeSessions: 0, playersServed: 1 }],
      });
      expect(joinDeltas(null, 2).hosts).toEqual([]);
    });
  });

  describe('leaveDeltas', () => {
    it('should release one seat per session, merged per host', () => {
      expect(leaveDeltas([5, null, 5, 2])).toEqual({
        hosts: [
          { hostPk: 2, players: -1, sessions: 0 },
          { hostPk: 5, players: -2, sessions: 0 },
        ],
        zones: [],
      });
    });
  });

  describe('releaseDeltas', () => {
    it('should give back players and a session slot, and an active slot only when the session held one', () => {
      const deltas = releaseDeltas([
        { hostPk: 9, zonePk: 1, currentPlayers: 3, previousStatus: 'active' },
        { hostPk: 9, zonePk: 1, currentPlayers: 2, previousStatus: 'pending' },
        { hostPk: 4, zonePk: 2, currentPlayers: 0, previousStatus: 'paused' },
        { hostPk: null, zonePk: 2, currentPlayers: 6, previousStatus: 'pending' },
      ]);
      expect(deltas).toEqual({
        hosts: [
          { hostPk: 4, players: 0, sessions: -1 },
          { hostPk: 9, players: -5, sessions: -2 },
        ],
        zones: [
          { zonePk: 1, totalSessions: 0, activeSessions: -1, playersServed: 0 },
          { zonePk: 2, totalSessions: 0, activeSessions: -1, playersServed: 0 },
        ],
      });
    });

    it('should produce nothing for nothing', () => {
      expect(releaseDeltas([])).toEqual({ hosts: [], zones: [] });
    });

    it('should leave the zone untouched when no released session was active', () => {
      expect(releaseDeltas([{ hostPk: null, zonePk: 1, currentPlayers: 1, previousStatus: 'pending' }])).toEqual({
        hosts: [],
        zones: [],
      });
    });
  });

  describe('mergeDeltas', () => {
    it('should drop deltas that cancel out and sort rows by key', () => {
      expect(
        mergeDeltas(
          [
            { hostPk: 8, players: 1, sessions: 0 },
            { hostPk: 8, players: -1, sessions: 0 },
            { hostPk: 3, players: 2, sessions: 1 },
          ],
          [
            { zonePk: 5, totalSessions: 1, activeSessions: 0, playersServed: 0 },
            { zonePk: 1, totalSessions: 0, activeSessions: 1, playersServed: 0 },
            { zonePk: 1, totalSessions: 0, activeSessions: -1, playersServed: 0 },
          ],
        ),
      ).toEqual({
        hosts: [{ hostPk: 3, players: 2, sessions: 1 }],
        zones: [{ zonePk: 5, totalSessions: 1, activeSessions: 0, playersServed: 0 }],
      });
    });
  });
});
