import { adhocLimitRefusal, mayOpenAdhoc } from './adhoc-session-rules';
import { parseSessionRef, SessionRef } from './session-ref';

const ref = (raw: string): SessionRef => {
  const parsed = parseSessionRef(raw);
  if (!parsed) {
    throw new Error(`not a reference: ${raw}`);
  }
  return parsed;
};

describe('adhoc-session-rules', () => {
  describe(mayOpenAdhoc.name, () => {
    it('should let a chosen session id open an ad-hoc session', () => {
      expect(mayOpenAdhoc(ref('test_session_001'))).toBe(true);
      expect(mayOpenAdhoc(ref('guild-war.prontera'))).toBe(true);
    });

    it('should never open one for an integer id (a primary key nobody chooses)', () => {
      expect(mayOpenAdhoc(ref('42'))).toBe(false);
    });

    it('should leave the generated id form to the coordinator', () => {
      expect(mayOpenAdhoc(ref('session-0123456789abcdef'))).toBe(false);
      expect(mayOpenAdhoc(ref('session-lobby'))).toBe(true);
    });
  });

  describe(adhocLimitRefusal.name, () => {
    const limits = { max: 10, perPeer: 3 };

    it('should allow a session while both counts are under their limits', () => {
      expect(adhocLimitRefusal({ total: 9, byPeer: 2 }, limits)).toBeUndefined();
    });

    it('should refuse a peer at its own limit, naming the variable', () => {
      const refusal = adhocLimitRefusal({ total: 3, byPeer: 3 }, limits);
      expect(refusal?.code).toBe('RATE_LIMITED');
      expect(refusal?.message).toContain('ADHOC_SESSIONS_PER_PEER=3');
    });

    it('should refuse anyone once the cluster-wide limit is reached, naming the variable', () => {
      const refusal = adhocLimitRefusal({ total: 10, byPeer: 0 }, limits);
      expect(refusal?.code).toBe('RATE_LIMITED');
      expect(refusal?.message).toContain('ADHOC_SESSIONS_MAX=10');
    });
  });
});
