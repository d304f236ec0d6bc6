import { CHEAT_KINDS, MoveEvent, MovementAgent } from './movement-agent';
import { walkableMapFromRows, WalkableMap } from './walkable-map';
import { seededRandom } from './world';

/** A 60×60 town: an outer wall, blocks of houses, a river of walls with two bridges. */
function town(): WalkableMap {
  const rows: string[] = [];
  for (let y = 0; y < 60; y++) {
    let row = '';
    for (let x = 0; x < 60; x++) {
      const border = x === 0 || y === 0 || x === 59 || y === 59;
      const house = x % 12 >= 3 && x % 12 <= 6 && y % 10 >= 2 && y % 10 <= 5;
      const river = y === 30 && x % 20 > 3;
      row += border || house || river ? '#' : '.';
    }
    rows.push(row);
  }
  return walkableMapFromRows(rows);
}

const MAP = town();

function run(agent: MovementAgent, untilMs: number): MoveEvent[] {
  const events: MoveEvent[] = [];
  for (let e = agent.next(); e.at <= untilMs; e = agent.next()) {
    events.push(e);
  }
  return events;
}

describe(MovementAgent.name, () => {
  it('should never put an honest player on a cell that is not walkable, over many players and activities', () => {
    const activities = new Set<string>();
    let reconnects = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const events = run(new MovementAgent(MAP, seededRandom(seed), { kind: 'honest' }), 10 * 60_000);
      for (const e of events) {
        activities.add(e.activity);
        reconnects += e.reconnect ? 1 : 0;
        if (!MAP.isWalkable(e.x, e.y)) {
          throw new Error(`seed ${seed}: ${JSON.stringify(e)} is not walkable`);
        }
        expect(e.cheat).toBeUndefined();
      }
    }
    expect([...activities].sort()).toEqual(
      ['fly_wing', 'knock_back', 'reconnect', 'snap', 'spawn', 'walk', 'warp'].sort(),
    );
    expect(reconnects).toBeGreaterThan(0);
  });

  it('should never let time go backwards, and hold lagged moves to one delivery time', () => {
    let bursts = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const events = run(new MovementAgent(MAP, seededRandom(seed), { kind: 'honest', transport: 'frame' }), 600_000);
      for (let i = 1; i < events.length; i++) {
        expect(events[i].at).toBeGreaterThanOrEqual(events[i - 1].at);
        if (i >= 5 && events[i].at === events[i - 5].at) {
          bursts += 1;
        }
      }
    }
    expect(bursts).toBeGreaterThan(0);
  });

  it('should walk at the declared speed on frames (one cell per step, 75–150 ms per cell)', () => {
    const events = run(new MovementAgent(MAP, seededRandom(5), { kind: 'honest', transport: 'frame' }), 300_000);
    const walks = events.filter((e) => e.activity === 'walk');
    expect(walks.length).toBeGreaterThan(100);
    for (const e of walks) {
      expect(e.declaredMsPerCell).toBeGreaterThanOrEqual(75);
      expect(e.declaredMsPerCell).toBeLessThanOrEqual(150);
    }
    const json = run(new MovementAgent(MAP, seededRandom(5), { kind: 'honest', transport: 'json' }), 300_000);
    expect(json.every((e) => e.declaredMsPerCell === undefined && e.transport === 'json')).toBe(true);
  });

  it('should be deterministic for a seed', () => {
    const a = run(new MovementAgent(MAP, seededRandom(11), { kind: 'honest' }), 120_000);
    const b = run(new MovementAgent(MAP, seededRandom(11), { kind: 'honest' }), 120_000);
    expect(a).toEqual(b);
  });

  it.each(CHEAT_KINDS)('should cheat (%s) only after playing honestly first', (kind) => {
    const agent = new MovementAgent(MAP, seededRandom(2), { kind, cheatAfterMs: 15_000 });
    const events = run(agent, 180_000);
    const cheats = events.filter((e) => e.cheat);
    expect(cheats.length).toBeGreaterThan(0);
    expect(agent.cheatStartedAt).toBe(cheats[0].at);
    expect(cheats[0].at).toBeGreaterThanOrEqual(15_000);
    expect(events.filter((e) => !e.cheat).every((e) => MAP.isWalkable(e.x, e.y))).toBe(true);
    if (kind === 'off_map' || kind === 'wall_walk') {
      expect(cheats.some((e) => !MAP.isWalkable(e.x, e.y))).toBe(true);
    }
    if (kind === 'speed_x2' || kind === 'speed_x5') {
      expect(cheats.every((e) => e.transport === 'frame' && e.declaredMsPerCell === 150)).toBe(true);
    }
    if (kind === 'teleport_spam') {
      // 5–10 a second in a burst.
      const first = cheats[0].at;
      expect(cheats.filter((e) => e.at < first + 3000).length).toBeGreaterThanOrEqual(15);
    }
  });
});
