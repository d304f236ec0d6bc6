import { nextPhase, PHASES, refusalFor } from './connection-phase';

describe('connection phases', () => {
  it('should follow connected → identified → admitted → in_session, back to identified on unseat', () => {
    expect(nextPhase('connected', 'identify')).toBe('identified');
    expect(nextPhase('identified', 'admit')).toBe('admitted');
    expect(nextPhase('admitted', 'seat')).toBe('in_session');
    expect(nextPhase('in_session', 'admit')).toBe('admitted');
    expect(nextPhase('in_session', 'unseat')).toBe('identified');
    expect(nextPhase('identified', 'inherit')).toBe('in_session');
  });

  it('should refuse skipping identification and leave nothing after leaving', () => {
    expect(nextPhase('connected', 'admit')).toBeUndefined();
    expect(nextPhase('connected', 'seat')).toBeUndefined();
    expect(nextPhase('identified', 'seat')).toBeUndefined();
    expect(nextPhase('in_session', 'identify')).toBeUndefined();
    for (const phase of PHASES) {
      expect(nextPhase(phase, 'close')).toBe(phase === 'leaving' ? undefined : 'leaving');
      expect(nextPhase('leaving', 'identify')).toBeUndefined();
    }
  });

  it('should serve signals only with a session and frames only with a zone, in a seated phase', () => {
    expect(refusalFor({ phase: 'identified' }, 'offer')).toEqual({
      code: 'NOT_IN_SESSION',
      message: 'Join a session before sending offer',
    });
    expect(refusalFor({ phase: 'in_session', sessionId: 's' }, 'offer')).toBeUndefined();
    expect(refusalFor({ phase: 'admitted', sessionId: 's' }, 'leave')).toBeUndefined();
    expect(refusalFor({ phase: 'leaving', sessionId: 's', zoneId: 'z' }, 'frame')?.code).toBe('NOT_IN_SESSION');
    expect(refusalFor({ phase: 'in_session', sessionId: 's' }, 'position')?.message).toBe(
      'Join a session before sending positions',
    );
    expect(refusalFor({ phase: 'admitted', zoneId: 'z' }, 'frame')).toBeUndefined();
    expect(refusalFor({ phase: 'connected' }, 'leave')?.message).toBe('Not in a session');
    for (const phase of PHASES) {
      expect(refusalFor({ phase }, 'create_session')).toBeUndefined();
      expect(refusalFor({ phase }, 'ping')).toBeUndefined();
    }
  });
});
