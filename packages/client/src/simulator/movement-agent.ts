import { findPath, lineCells, randomWalkable, randomWalkableNear } from './pathfinding';
import { WalkableMap } from './walkable-map';
import { Cell, Random } from './world';

/**
 * Players that move like real ones on a real map, and cheaters, as a stream of position events in
 * virtual time (ms from the agent's start). Pure and deterministic given the seeded random source:
 * the offline bench (bench/movement-realism.ts) judges the events directly, the live simulator
 * (`--movement realistic`) sends them to a coordinator as they fall due.
 *
 * What an honest player does (rAthena's rules): walks along paths at 150 down to 75 ms per cell (a
 * diagonal step takes 1.4×), sits, farms with Fly Wing (a random walkable cell every 0.5–2 s, then a
 * short walk or fight), takes warps and Butterfly Wings (fixed walkable cells), is knocked back 1–10
 * cells (stopping before a wall), Snaps a few cells, lags (2 s of moves held and then delivered at
 * once) and reconnects. Frames report every ~100 ms while walking and declare the actual speed; the
 * JSON `position` message reports about once a second and declares nothing.
 */
export type Transport = 'frame' | 'json';

export interface MoveEvent {
  /** Virtual time, ms from the agent's start; never decreases from one event to the next. */
  at: number;
  x: number;
  y: number;
  /** The walk speed a frame declares (frames only). */
  declaredMsPerCell?: number;
  transport: Transport;
  /** The connection was lost and re-established just before this position was sent. */
  reconnect?: true;
  /** Sent by a cheat (cheaters only). */
  cheat?: true;
  /** What produced it (walk, fly_wing, knock_back…), for reports. */
  activity: string;
}

export const CHEAT_KINDS = ['speed_x2', 'speed_x5', 'wall_walk', 'off_map', 'teleport_spam'] as const;
export type CheatKind = (typeof CHEAT_KINDS)[number];
export type AgentKind = 'honest' | CheatKind;

export const BASE_MS_PER_CELL = 150;
/** Walk speeds an honest player moves at (rAthena: 150 default; AGI Up, potions, mounts down to 75). */
export const HONEST_SPEEDS: readonly number[] = [150, 150, 150, 140, 130, 120, 112, 100, 90, 75];
const FRAME_INTERVAL_MS = 100;
const JSON_INTERVAL_MS = 1000;
const LAG_HOLD_MS = 2000;

export interface AgentOptions {
  kind: AgentKind;
  /** Default: frames for 70 % of honest players and for speed cheaters, else random. */
  transport?: Transport;
  /** Fixed walkable cells of the map (warp exits, save points); chosen from the map when absent. */
  warps?: readonly Cell[];
  /** Cheaters play honestly this long before cheating (default 10–30 s, random). */
  cheatAfterMs?: number;
  /** Where the player appears; a random walkable cell when absent. */
  spawn?: Cell;
}

interface Profile {
  walk: number;
  idle: number;
  flyWing: number;
  warp: number;
  fight: number;
}

/** Weights of the honest activities, one profile per player (a town walker, a farmer, a fighter). */
const PROFILES: readonly Profile[] = [
  { walk: 6, idle: 3, flyWing: 0.2, warp: 0.5, fight: 0.5 },
  { walk: 2, idle: 1, flyWing: 5, warp: 0.3, fight: 2 },
  { walk: 4, idle: 1, flyWing: 1, warp: 0.3, fight: 4 },
];

/** A few fixed walkable cells of a map, for warps and Butterfly Wings (deterministic in `random`). */
export function pickWarps(map: WalkableMap, random: Random, count = 6): Cell[] {
  const warps: Cell[] = [];
  for (let i = 0; i < count; i++) {
    const cell = randomWalkable(map, random);
    if (cell) {
      warps.push(cell);
    }
  }
  return warps;
}

export class MovementAgent {
  readonly kind: AgentKind;
  readonly transport: Transport;
  /** When cheating started (virtual ms), once it has. */
  cheatStartedAt: number | undefined;
  private readonly queue: MoveEvent[] = [];
  private head = 0;
  private position: Cell;
  /** Virtual time at the end of what is queued. */
  private clock = 0;
  private speed = BASE_MS_PER_CELL;
  private readonly profile: Profile;
  private readonly warps: readonly Cell[];
  private readonly cheatAfterMs: number;
  private lastAt = 0;
  private reconnectPending = false;
  private lagUntil = -1;

  constructor(
    private readonly map: WalkableMap,
    private readonly random: Random,
    options: AgentOptions,
  ) {
    this.kind = options.kind;
    const speedCheat = options.kind === 'speed_x2' || options.kind === 'speed_x5';
    this.transport =
      options.transport ??
      (speedCheat ? 'frame' : options.kind === 'honest' ? (random() < 0.7 ? 'frame' : 'json') : this.coin());
    this.profile = PROFILES[Math.floor(random() * PROFILES.length)];
    this.warps = options.warps && options.warps.length > 0 ? options.warps : pickWarps(map, random);
    this.cheatAfterMs = options.cheatAfterMs ?? 10_000 + random() * 20_000;
    const spawn = options.spawn ?? randomWalkable(map, random);
    if (!spawn) {
      throw new Error('the map has no walkable cell');
    }
    this.position = { ...spawn };
    // Entering the zone: the first position, a little after the start.
    this.clock = 200 + random() * 300;
    this.emit(this.clock, spawn, 'spawn');
  }

  /** The next event without consuming it. */
  peek(): MoveEvent {
    while (this.head >= this.queue.length) {
      this.refill();
    }
    return this.queue[this.head];
  }

  next(): MoveEvent {
    const event = this.peek();
    this.head += 1;
    if (this.head > 1024) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return event;
  }

  private coin(): Transport {
    return this.random() < 0.5 ? 'frame' : 'json';
  }

  private get cheating(): boolean {
    return this.kind !== 'honest' && this.clock >= this.cheatAfterMs;
  }

  /** Queues the next activity. */
  private refill(): void {
    if (this.cheating) {
      this.cheatActivity();
      return;
    }
    if (this.kind !== 'honest') {
      // A cheater's warm-up: short honest walks, so the cheat starts on time.
      this.walkTo(
        randomWalkableNear(this.map, this.random, this.position, 3 + this.random() * 10),
        this.speed,
        'walk',
        false,
      );
      return;
    }
    this.honestActivity();
  }

  private honestActivity(): void {
    const r = this.random;
    // Now and then: a new walk speed (a buff, a potion, a mount, or one wearing off), a reconnect.
    if (r() < 0.08) {
      this.speed = HONEST_SPEEDS[Math.floor(r() * HONEST_SPEEDS.length)];
    }
    if (r() < 0.01) {
      this.clock += 1000 + r() * 4000;
      this.reconnectPending = true;
      // Back where it was: the first position of the new connection.
      this.emit(this.clock, this.position, 'reconnect');
      return;
    }
    const p = this.profile;
    const total = p.walk + p.idle + p.flyWing + p.warp + p.fight;
    let pick = r() * total;
    if ((pick -= p.walk) < 0) {
      this.walkTo(randomWalkableNear(this.map, r, this.position, 5 + r() * 35), this.speed, 'walk', r() < 0.05);
    } else if ((pick -= p.idle) < 0) {
      this.clock += 2000 + r() * 28_000;
    } else if ((pick -= p.flyWing) < 0) {
      this.flyWingFarming(20_000 + r() * 70_000);
    } else if ((pick -= p.warp) < 0) {
      const warp = this.warps[Math.floor(r() * this.warps.length)];
      this.clock += 300 + r() * 700;
      this.relocate(warp, 'warp');
      this.walkTo(randomWalkableNear(this.map, r, this.position, 3 + r() * 10), this.speed, 'walk', false);
    } else {
      this.fight(2000 + r() * 8000);
    }
  }

  /** Fly Wing farming: a random walkable cell every 0.5–2 s, now and then a short walk and a fight. */
  private flyWingFarming(durationMs: number): void {
    const r = this.random;
    const end = this.clock + durationMs;
    while (this.clock < end) {
      const cell = randomWalkable(this.map, r);
      if (cell) {
        this.relocate(cell, 'fly_wing');
      }
      if (r() < 0.3) {
        this.clock += 300 + r() * 500;
        this.walkTo(randomWalkableNear(this.map, r, this.position, 2 + r() * 6), this.speed, 'walk', false);
        this.fight(1000 + r() * 4000);
      } else {
        this.clock += 500 + r() * 1500;
      }
    }
  }

  /** Standing and hitting: knock-backs now and then, a Snap now and then. */
  private fight(durationMs: number): void {
    const r = this.random;
    const end = this.clock + durationMs;
    while (this.clock < end) {
      this.clock += 500 + r() * 2500;
      const roll = r();
      if (roll < 0.35) {
        this.knockBack(1 + Math.floor(r() * 10));
      } else if (roll < 0.5) {
        const target = randomWalkableNear(this.map, r, this.position, 2 + r() * 4);
        if (target) {
          this.relocate(target, 'snap');
        }
      } else if (roll < 0.7) {
        this.walkTo(randomWalkableNear(this.map, r, this.position, 1 + r() * 3), this.speed, 'walk', false);
      }
    }
  }

  /** Pushed up to `cells` in one of 8 directions, stopping before the first cell that is not walkable. */
  private knockBack(cells: number): void {
    const r = this.random;
    const direction = Math.floor(r() * 8);
    const dx = [1, 1, 0, -1, -1, -1, 0, 1][direction];
    const dy = [0, 1, 1, 1, 0, -1, -1, -1][direction];
    let cell = this.position;
    for (let i = 0; i < cells; i++) {
      const next = { x: cell.x + dx, y: cell.y + dy };
      if (!this.map.isWalkable(next.x, next.y)) {
        break;
      }
      cell = next;
    }
    if (cell !== this.position) {
      this.relocate(cell, 'knock_back');
    }
  }

  /** An instant move (Fly Wing, warp, knock-back, Snap): one position, at once. */
  private relocate(cell: Cell, activity: string, cheat = false): void {
    this.clock += 20 + this.random() * 60;
    this.position = { ...cell };
    this.emit(this.clock, cell, activity, this.speed, cheat);
  }

  /**
   * Walks a path (A*, or a straight line through walls for the wall-walker) at `msPerCell`, reporting
   * as the transport does; `lag` holds 2 s of the reports somewhere in the walk and delivers them at once.
   */
  private walkTo(
    target: Cell | undefined,
    msPerCell: number,
    activity: string,
    lag: boolean,
    options: { declared?: number; straight?: boolean; cheat?: boolean } = {},
  ): void {
    if (!target) {
      this.clock += 500;
      return;
    }
    const path = options.straight ? lineCells(this.position, target) : findPath(this.map, this.position, target);
    if (!path || path.length < 2) {
      this.clock += 500;
      return;
    }
    const r = this.random;
    const start = this.clock;
    // Arrival time of each cell of the path.
    const times = [start];
    for (let i = 1; i < path.length; i++) {
      const diagonal = path[i].x !== path[i - 1].x && path[i].y !== path[i - 1].y;
      times.push(times[i - 1] + msPerCell * (diagonal ? 1.4 : 1));
    }
    const end = times[times.length - 1];
    if (lag) {
      this.lagUntil = start + r() * Math.max(0, end - start);
    }
    const interval = this.transport === 'frame' ? FRAME_INTERVAL_MS : JSON_INTERVAL_MS;
    const declared = options.declared ?? msPerCell;
    let index = 0;
    let reported = 0;
    for (let t = start + interval * (0.9 + r() * 0.2); ; t += interval * (0.9 + r() * 0.2)) {
      const at = Math.min(t, end);
      while (index + 1 < path.length && times[index + 1] <= at) {
        index += 1;
      }
      if (index !== reported) {
        reported = index;
        this.emit(at, path[index], activity, declared, options.cheat);
      }
      if (at >= end) {
        break;
      }
    }
    this.position = { ...path[path.length - 1] };
    this.clock = end;
  }

  private cheatActivity(): void {
    const r = this.random;
    switch (this.kind) {
      case 'speed_x2':
      case 'speed_x5': {
        const factor = this.kind === 'speed_x2' ? 2 : 5;
        const target = randomWalkableNear(this.map, r, this.position, 10 + r() * 30);
        this.walkTo(target, BASE_MS_PER_CELL / factor, this.kind, false, { declared: BASE_MS_PER_CELL, cheat: true });
        this.clock += r() * 1500;
        return;
      }
      case 'wall_walk': {
        const target = this.throughWall();
        if (target) {
          this.walkTo(target, BASE_MS_PER_CELL, 'wall_walk', false, { straight: true, cheat: true });
        } else {
          this.walkTo(randomWalkableNear(this.map, r, this.position, 10 + r() * 20), this.speed, 'walk', false);
        }
        this.clock += r() * 2000;
        return;
      }
      case 'off_map': {
        // A bogus position (off the map, or on a wall), then honest-looking play for 5–20 s.
        this.clock += 100 + r() * 400;
        const bogus = r() < 0.5 ? this.offMapCell() : this.wallCell();
        this.emit(this.clock, bogus, 'off_map', this.speed, true);
        this.walkTo(randomWalkableNear(this.map, r, this.position, 5 + r() * 20), this.speed, 'walk', false);
        this.clock += 5000 + r() * 15_000;
        return;
      }
      case 'teleport_spam': {
        // Bursts of 4–8 s at 5–10 teleports a second, then some ordinary play.
        const rate = 5 + r() * 5;
        const end = this.clock + 4000 + r() * 4000;
        while (this.clock < end) {
          const cell = randomWalkable(this.map, r);
          if (cell) {
            this.position = cell;
            this.emit(this.clock, cell, 'teleport_spam', this.speed, true);
          }
          this.clock += 1000 / rate;
        }
        this.clock += 5000 + r() * 15_000;
        return;
      }
      case 'honest':
        this.honestActivity();
    }
  }

  /** A walkable cell 8–40 cells away whose straight line from here crosses a wall. */
  private throughWall(): Cell | undefined {
    for (let i = 0; i < 60; i++) {
      const target = randomWalkableNear(this.map, this.random, this.position, 8 + this.random() * 32);
      if (target && lineCells(this.position, target).some((c) => !this.map.isWalkable(c.x, c.y))) {
        return target;
      }
    }
    return undefined;
  }

  private offMapCell(): Cell {
    const r = this.random;
    const roll = r();
    if (roll < 0.4) {
      return { x: this.map.width + Math.floor(r() * 50), y: Math.floor(r() * this.map.height) };
    }
    if (roll < 0.8) {
      return { x: Math.floor(r() * this.map.width), y: this.map.height + Math.floor(r() * 50) };
    }
    return { x: -1 - Math.floor(r() * 50), y: Math.floor(r() * this.map.height) };
  }

  private wallCell(): Cell {
    for (let i = 0; i < 10_000; i++) {
      const x = Math.floor(this.random() * this.map.width);
      const y = Math.floor(this.random() * this.map.height);
      if (!this.map.isWalkable(x, y)) {
        return { x, y };
      }
    }
    return this.offMapCell();
  }

  /** Queues one event; lag holds it until the lag ends, and time never goes backwards. */
  private emit(at: number, cell: Cell, activity: string, declared = this.speed, cheat = false): void {
    let time = at;
    if (this.lagUntil >= 0) {
      if (time < this.lagUntil + LAG_HOLD_MS && time >= this.lagUntil) {
        time = this.lagUntil + LAG_HOLD_MS;
      } else if (time >= this.lagUntil + LAG_HOLD_MS) {
        this.lagUntil = -1;
      }
    }
    time = Math.max(this.lastAt, Math.round(time));
    this.lastAt = time;
    const event: MoveEvent = { at: time, x: cell.x, y: cell.y, transport: this.transport, activity };
    if (this.transport === 'frame') {
      event.declaredMsPerCell = declared;
    }
    if (this.reconnectPending) {
      event.reconnect = true;
      this.reconnectPending = false;
    }
    if (cheat) {
      event.cheat = true;
      this.cheatStartedAt ??= time;
    }
    this.queue.push(event);
  }
}
