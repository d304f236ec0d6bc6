import fc from 'fast-check';
import {
  judgeMove,
  MOVEMENT_DEFAULTS,
  MoveInput,
  MoveJudgement,
  PeerMovement,
  suspicionAt,
  walkableWithin,
  walkCost,
  WalkableGrid,
} from './movement';

/** A grid from ASCII rows: '.' walkable, '#' wall. */
function grid(rows: string[]): WalkableGrid {
  return {
    width: rows[0].length,
    height: rows.length,
    isWalkable: (x, y) => rows[y]?.[x] === '.',
  };
}

/** An open field with a wall along x = 20 for y in 0..38 (a gap at y = 39) and a wall block at 30..34. */
function field(): WalkableGrid {
  const rows: string[] = [];
  for (let y = 0; y < 60; y++) {
    let row = '';
    for (let x = 0; x < 60; x++) {
      const wall = (x === 20 && y < 39) || (x >= 30 && x <= 34 && y >= 30 && y <= 34);
      row += wall ? '#' : '.';
    }
    rows.push(row);
  }
  return grid(rows);
}

/** Plays moves through the model, one peer, keeping the state; `at` is server time in ms. */
class Player {
  state?: PeerMovement;
  readonly verdicts: MoveJudgement[] = [];

  constructor(
    private readonly map?: WalkableGrid,
    private readonly zone = 'prontera',
  ) {}

  move(at: number, x: number, y: number, declaredMsPerCell?: number, zone = this.zone): MoveJudgement {
    const input: MoveInput = { zone, x, y, declaredMsPerCell };
    const verdict = judgeMove(this.state, input, at, MOVEMENT_DEFAULTS, this.map);
    this.state = verdict.state;
    this.verdicts.push(verdict);
    return verdict;
  }

  get refusals(): string[] {
    return this.verdicts.flatMap((v) => (v.refusal ? [v.refusal] : []));
  }

  get suspected(): string[] {
    return this.verdicts.flatMap((v) => v.suspected);
  }
}

/** Walks east from (x, y), one cell per `msPerCell`, sending an update every `everyMs`. */
function walkEast(
  p: Player,
  from: { at: number; x: number; y: number },
  cells: number,
  msPerCell: number,
  everyMs: number,
  declared?: number,
): { at: number; x: number; y: number } {
  let { at, x } = from;
  const end = from.at + cells * msPerCell;
  while (at < end) {
    at = Math.min(end, at + everyMs);
    x = from.x + Math.floor((at - from.at) / msPerCell);
    p.move(at, x, from.y, declared);
  }
  return { at, x, y: from.y };
}

describe('walkCost', () => {
  it('costs a straight step 1 and a diagonal one 1.4 (MOVE_COST 10, MOVE_DIAGONAL_COST 14)', () => {
    expect(walkCost(1, 0)).toBe(1);
    expect(walkCost(0, -1)).toBe(1);
    expect(walkCost(1, 1)).toBeCloseTo(1.4);
    expect(walkCost(-3, 5)).toBeCloseTo(3 * 1.4 + 2);
  });
});

describe('judgeMove: the map', () => {
  it('refuses a position off the map or on a wall, with the reason, and does not apply it', () => {
    const p = new Player(field());
    expect(p.move(0, 10, 10).kind).toBe('first');
    expect(p.move(100, 60, 10).refusal).toBe('out_of_bounds');
    expect(p.move(200, 10, 60).refusal).toBe('out_of_bounds');
    expect(p.move(300, -1, 10).refusal).toBe('out_of_bounds');
    expect(p.move(400, 20, 10).refusal).toBe('not_walkable');
    expect(p.state).toMatchObject({ x: 10, y: 10 });
    expect(p.state?.rejections).toEqual({ out_of_bounds: 3, not_walkable: 1 });
  });

  it('refuses a first position on a wall too: the first position of a connection is no free pass', () => {
    const p = new Player(field());
    expect(p.move(0, 32, 32).refusal).toBe('not_walkable');
    expect(p.move(10, 10, 10).kind).toBe('first');
  });

  it('judges the next valid position on its own after a refusal: nobody is stuck behind a stale anchor', () => {
    const p = new Player(field());
    p.move(0, 10, 10);
    expect(p.move(50, 32, 32).refusal).toBe('not_walkable');
    expect(p.move(60, 50, 50).kind).toBe('relocation');
    expect(p.move(160, 51, 50).kind).toBe('walk');
  });

  it('without a map refuses only what no map has (negative or fractional cells)', () => {
    const p = new Player();
    expect(p.move(0, 5000, 7).kind).toBe('first');
    expect(p.move(100, 1.5, 7).refusal).toBe('out_of_bounds');
    expect(p.move(200, 20, 10).kind).toBe('relocation');
  });
});

describe('judgeMove: relocation is play', () => {
  it('accepts Fly Wing after Fly Wing every 0.5 s, with walking in between, and never refuses', () => {
    const p = new Player(field());
    let at = 0;
    p.move(at, 5, 5);
    const spots = [
      [50, 50],
      [5, 45],
      [45, 5],
      [10, 10],
      [55, 20],
    ];
    for (let round = 0; round < 20; round++) {
      const [x, y] = spots[round % spots.length];
      at += 500;
      expect(p.move(at, x, y).refusal).toBeUndefined();
      at += 100;
      expect(p.move(at, x + 1, y).kind).toBe('walk');
    }
    expect(p.refusals).toEqual([]);
    expect(p.suspected).toEqual([]);
  });

  it('accepts an in-map warp and walking on from the destination at once', () => {
    const p = new Player(field());
    p.move(0, 5, 5);
    expect(p.move(150, 55, 55).kind).toBe('relocation');
    walkEast(p, { at: 150, x: 50, y: 55 }, 0, 150, 150);
    expect(p.move(300, 56, 55).kind).toBe('walk');
    expect(p.move(450, 57, 55).kind).toBe('walk');
    expect(p.refusals).toEqual([]);
  });

  it('accepts knock-back of 1 to 10 cells in the middle of a walk', () => {
    for (let cells = 1; cells <= 10; cells++) {
      const p = new Player(field());
      p.move(0, 5, 50);
      p.move(150, 6, 50);
      expect(p.move(160, 6 + cells, 50).refusal).toBeUndefined();
      expect(p.move(310, 7 + cells, 50).refusal).toBeUndefined();
    }
  });

  it('reads a walk that could only pass through a wall as a relocation, and one around it as a walk', () => {
    const map = field();
    const through = new Player(map);
    through.move(0, 19, 10);
    expect(through.move(500, 21, 10).kind).toBe('relocation');
    expect(walkableWithin(map, 19, 38, 21, 38, 4)).toBe(true);
    const around = new Player(map);
    around.move(0, 19, 37);
    expect(around.move(1000, 21, 37).kind).toBe('walk');
  });

  it('accepts a relocation farther than a full walking credit after a quiet spell, and walking on from it', () => {
    const open = grid(Array.from({ length: 20 }, () => '.'.repeat(400)));
    const p = new Player(open);
    p.move(1_000_000, 10, 10);
    expect(p.move(1_010_000, 180, 10).kind).toBe('relocation');
    expect(p.move(1_011_000, 181, 10).kind).toBe('walk');
    expect(p.refusals).toEqual([]);
  });

  it('keeps Fly Wings out of the pace: two far landings then a step are no sprint (frames at 150)', () => {
    const open = grid(Array.from({ length: 20 }, () => '.'.repeat(200)));
    const p = new Player(open);
    p.move(0, 10, 10, 150);
    expect(p.move(1500, 50, 10, 150).kind).toBe('relocation');
    expect(p.move(3000, 90, 10, 150).kind).toBe('relocation');
    p.move(10_000, 91, 10, 150);
    p.move(12_000, 92, 10, 150);
    expect(p.suspected).toEqual([]);
  });

  it('raises suspicion, never a refusal, for teleports many times a second for seconds on end', () => {
    const p = new Player(field());
    p.move(0, 5, 5);
    for (let i = 1; i <= 50; i++) {
      expect(p.move(i * 100, i % 2 ? 50 : 5, 5).refusal).toBeUndefined();
    }
    expect(p.suspected.filter((r) => r === 'teleport_rate').length).toBeGreaterThanOrEqual(10);
    expect(suspicionAt(p.state!, 5000)).toBeGreaterThanOrEqual(100);
  });
});

describe('judgeMove: walking speed', () => {
  it('accepts every speed from 1000 down to 20 ms per cell, on frames (declared) and JSON (not)', () => {
    for (const msPerCell of [1000, 150, 100, 75, 50, 20]) {
      for (const declared of [msPerCell, undefined]) {
        const p = new Player(field());
        p.move(0, 0, 45);
        walkEast(p, { at: 0, x: 0, y: 45 }, 55, msPerCell, 100, declared);
        expect(p.refusals).toEqual([]);
      }
    }
  });

  it('accepts a speed potion on the JSON path with updates once a second (13 cells a second)', () => {
    const p = new Player(field());
    p.move(0, 0, 45);
    walkEast(p, { at: 0, x: 0, y: 45 }, 52, 75, 1000);
    expect(p.refusals).toEqual([]);
    expect(p.suspected).toEqual([]);
  });

  it('accepts a lag burst: 2 s of walking arriving at once after 2 s of silence', () => {
    const p = new Player(field());
    p.move(0, 0, 45);
    let at = 0;
    let x = 0;
    for (; x < 13; x++) {
      at += 75;
      p.move(at, x + 1, 45, 75);
    }
    at += 2000;
    for (let i = 0; i < 27; i++, x++) {
      p.move(at + i, x + 1, 45, 75);
    }
    expect(p.refusals).toEqual([]);
    expect(p.suspected).toEqual([]);
  });

  it('refuses sustained walking faster than 20 ms per cell as too_fast, and only that', () => {
    const p = new Player(field());
    p.move(0, 21, 40);
    // Back and forth along a row at 5 ms per cell for 3 s: 600 cells where the floor allows 150 (+ the burst).
    for (let step = 1; step <= 600; step++) {
      const lap = Math.floor(step / 35);
      const offset = step % 35;
      p.move(step * 5, lap % 2 === 0 ? 21 + offset : 56 - offset, 40);
    }
    expect(p.refusals.length).toBeGreaterThan(100);
    expect(new Set(p.refusals)).toEqual(new Set(['too_fast']));
  });

  it('gives a fresh peer a full credit: moves buffered while joining are no speed', () => {
    const p = new Player(field());
    p.move(0, 21, 40);
    for (let x = 22; x <= 56; x++) {
      expect(p.move(1, x, 40).refusal).toBeUndefined();
    }
  });

  it('flags a pace faster than the declared speed (a speed hack declaring 150 while walking at 75)', () => {
    const p = new Player(field());
    p.move(0, 21, 36);
    let at = 0;
    for (let lap = 0; lap < 4; lap++) {
      for (let y = 36; y < 60; y += 2) {
        const row = walkEast(p, { at, x: 21, y }, 35, 75, 100, 150);
        at = row.at;
      }
    }
    expect(p.refusals).toEqual([]);
    expect(p.suspected).toContain('pace');
  });

  it('does not flag the same pace when it is the declared speed (a mount, a buff)', () => {
    const p = new Player(field());
    p.move(0, 21, 36);
    let at = 0;
    for (let y = 36; y < 60; y += 2) {
      at = walkEast(p, { at, x: 21, y }, 35, 75, 100, 75).at;
    }
    expect(p.suspected).toEqual([]);
  });
});

describe('judgeMove: the player, not the socket', () => {
  it('keeps suspicion and refusal counts across a change of zone, and judges the new zone on its own', () => {
    const p = new Player(field());
    p.move(0, 5, 5);
    p.move(10, 20, 5);
    const moved = p.move(20, 40, 40, undefined, 'geffen');
    expect(moved.kind).toBe('first');
    expect(moved.state.rejections).toEqual({ not_walkable: 1 });
    expect(moved.state.suspicion).toBeGreaterThan(0);
  });

  it('lets suspicion decay by half every half-life', () => {
    const state = { suspicion: 80, suspicionAt: 1000 };
    expect(suspicionAt(state, 1000)).toBe(80);
    expect(suspicionAt(state, 1000 + MOVEMENT_DEFAULTS.suspicionHalfLifeMs)).toBeCloseTo(40);
  });
});

describe('judgeMove: properties', () => {
  it('never refuses an honest walker on open ground, whatever the speed, update rate and lag', () => {
    const map = field();
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 1000 }),
        fc.integer({ min: 20, max: 1500 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 10, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 2500 }), { maxLength: 5 }),
        (msPerCell, everyMs, directions, lags) => {
          const p = new Player(map);
          let x = 45;
          let y = 45;
          let at = 0;
          p.move(at, x, y, msPerCell);
          let sent = 0;
          let lastArrival = 0;
          const pending: Array<[number, number]> = [];
          directions.forEach((d, i) => {
            const dx = [1, 1, 0, -1, -1, -1, 0, 1][d];
            const dy = [0, 1, 1, 1, 0, -1, -1, -1][d];
            if (map.isWalkable(x + dx, y + dy) && x + dx > 36 && y + dy > 36) {
              x += dx;
              y += dy;
            }
            at += msPerCell * (dx !== 0 && dy !== 0 ? 1.4 : 1);
            pending.push([x, y]);
            const lag = lags[i % Math.max(1, lags.length)] ?? 0;
            if (at - sent >= everyMs) {
              // Server time only moves forward: a late batch holds back the ones behind it.
              const arrival = Math.max(lastArrival, at + (i % 7 === 0 ? lag : 0));
              lastArrival = arrival;
              for (const [px, py] of pending.splice(0)) {
                p.move(arrival, px, py, msPerCell);
              }
              sent = at;
            }
          });
          return p.refusals.length === 0;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws and keeps the state well-formed for any input', () => {
    const map = field();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 70 }), fc.integer({ min: -5, max: 70 }), fc.nat(3000))),
        (moves) => {
          const p = new Player(map);
          let at = 0;
          for (const [x, y, dt] of moves) {
            at += dt;
            p.move(at, x, y);
          }
          const s = p.state;
          return s === undefined || ((map.isWalkable(s.x, s.y) || s.at < 0) && Number.isFinite(s.suspicion));
        },
      ),
    );
  });
});
