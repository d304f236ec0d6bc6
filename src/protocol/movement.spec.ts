import { checkMove } from './movement';

describe(checkMove.name, () => {
  const prev = { x: 100, y: 100, atMs: 0 };

  it('should accept any first position', () => {
    expect(checkMove(undefined, { x: 5000, y: 7, walkSpeedMs: 150 }, 0)).toBe('ok');
  });

  it('should allow elapsed / speed x tolerance + slack cells, measured in Chebyshev distance', () => {
    // 1500 ms at 150 ms/cell = 10 cells, x 1.5 = 15, + 2 slack = 17.
    expect(checkMove(prev, { x: 117, y: 117, walkSpeedMs: 150 }, 1500)).toBe('ok');
    expect(checkMove(prev, { x: 118, y: 110, walkSpeedMs: 150 }, 1500)).toBe('too_fast');
  });

  it('should not believe walk speeds faster than the minimum', () => {
    // Claimed 1 ms/cell is clamped to 75: 150 ms -> 2 x 1.5 + 2 = 5 cells.
    expect(checkMove(prev, { x: 105, y: 100, walkSpeedMs: 1 }, 150)).toBe('ok');
    expect(checkMove(prev, { x: 106, y: 100, walkSpeedMs: 1 }, 150)).toBe('too_fast');
  });

  it('should call a move beyond maxJumpCells a jump whatever the elapsed time', () => {
    expect(checkMove(prev, { x: 131, y: 100, walkSpeedMs: 150 }, 600_000)).toBe('jump');
    expect(checkMove(prev, { x: 130, y: 100, walkSpeedMs: 150 }, 600_000)).toBe('ok');
  });

  it('should grant only the slack when the clock goes backwards', () => {
    expect(checkMove({ ...prev, atMs: 1000 }, { x: 102, y: 100, walkSpeedMs: 150 }, 0)).toBe('ok');
    expect(checkMove({ ...prev, atMs: 1000 }, { x: 103, y: 100, walkSpeedMs: 150 }, 0)).toBe('too_fast');
  });

  it('should honour custom options and map bounds, first position included', () => {
    const opts = {
      tolerance: 1,
      slackCells: 0,
      maxJumpCells: 5,
      bounds: { width: 200, height: 150 },
    };

    expect(checkMove(prev, { x: 104, y: 100, walkSpeedMs: 100 }, 400, opts)).toBe('ok');
    expect(checkMove(prev, { x: 105, y: 100, walkSpeedMs: 100 }, 400, opts)).toBe('too_fast');
    expect(checkMove(prev, { x: 106, y: 100, walkSpeedMs: 100 }, 10_000, opts)).toBe('jump');
    expect(checkMove(undefined, { x: 200, y: 0, walkSpeedMs: 100 }, 0, opts)).toBe('jump');
    expect(checkMove({ x: 100, y: 149, atMs: 0 }, { x: 100, y: 150, walkSpeedMs: 100 }, 1000, opts)).toBe('jump');
  });
});
