import { parseSessionRef } from './session-ref';

describe('parseSessionRef', () => {
  it('should read digits as the integer id', () => {
    expect(parseSessionRef('42')).toEqual({ kind: 'id', id: 42, raw: '42' });
  });

  it('should read leading zeros as the same integer id', () => {
    expect(parseSessionRef('007')).toEqual({ kind: 'id', id: 7, raw: '007' });
  });

  it('should map ids beyond the int4 range to 0, which never exists', () => {
    expect(parseSessionRef('2147483647')).toEqual({ kind: 'id', id: 2147483647, raw: '2147483647' });
    expect(parseSessionRef('2147483648')).toEqual({ kind: 'id', id: 0, raw: '2147483648' });
    expect(parseSessionRef('99999999999999999999999')).toEqual({ kind: 'id', id: 0, raw: '99999999999999999999999' });
  });

  it('should read anything else of the id charset as a session_id', () => {
    expect(parseSessionRef('session-0123456789abcdef')).toEqual({
      kind: 'session_id',
      sessionId: 'session-0123456789abcdef',
      raw: 'session-0123456789abcdef',
    });
    expect(parseSessionRef('12a')).toEqual({ kind: 'session_id', sessionId: '12a', raw: '12a' });
  });

  it('should refuse values outside the id charset', () => {
    expect(parseSessionRef('')).toBeUndefined();
    expect(parseSessionRef('-12')).toBeUndefined();
    expect(parseSessionRef('a b')).toBeUndefined();
    expect(parseSessionRef("x'; DROP TABLE p2p_sessions")).toBeUndefined();
    expect(parseSessionRef('x'.repeat(65))).toBeUndefined();
  });
});
