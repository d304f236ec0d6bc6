/**
 * The simulated map: an RO-sized grid with a few hot spots (a town's Kafra, the central fountain,
 * a warp portal) where most players crowd, and walkers that move one cell per step like the game
 * client reports it. Pure logic driven by an injected random source, so it is testable and a run
 * can be replayed with `--seed`.
 */
export type Random = () => number;

/** mulberry32: small, fast and good enough to spread players; not for anything secret. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Cell {
  x: number;
  y: number;
}

export interface WorldOptions {
  width: number;
  height: number;
  /** How many hot spots (3–5 in a typical town). */
  hotSpots: number;
  /** Share of players that stay around a hot spot (e.g. 0.6). */
  hotSpotShare: number;
  /** Cells around a hot spot where its crowd wanders. */
  hotSpotRadius: number;
}

export const DEFAULT_WORLD: WorldOptions = {
  width: 300,
  height: 300,
  hotSpots: 4,
  hotSpotShare: 0.6,
  hotSpotRadius: 10,
};

/** Free walkers pick their next destination within this many cells, as players run errands. */
const ROAM_RANGE = 40;

export class World {
  readonly spots: Cell[];

  constructor(
    readonly options: WorldOptions,
    private readonly random: Random,
  ) {
    const margin = Math.min(options.hotSpotRadius + 5, Math.floor(Math.min(options.width, options.height) / 4));
    this.spots = Array.from({ length: options.hotSpots }, () => ({
      x: margin + Math.floor(random() * Math.max(1, options.width - 2 * margin)),
      y: margin + Math.floor(random() * Math.max(1, options.height - 2 * margin)),
    }));
  }

  /** A hot spot index for a crowd player, or undefined for a free walker. */
  assignSpot(): number | undefined {
    return this.spots.length > 0 && this.random() < this.options.hotSpotShare
      ? Math.floor(this.random() * this.spots.length)
      : undefined;
  }

  /** Where a player appears (on joining or entering a zone). */
  spawn(spot: number | undefined): Cell {
    return spot === undefined ? this.anywhere() : this.near(this.spots[spot], this.options.hotSpotRadius);
  }

  /** The next destination: around the player's hot spot, or somewhere within roaming range. */
  destination(from: Cell, spot: number | undefined): Cell {
    return spot === undefined ? this.near(from, ROAM_RANGE) : this.near(this.spots[spot], this.options.hotSpotRadius);
  }

  clamp(cell: Cell): Cell {
    return {
      x: Math.min(this.options.width - 1, Math.max(0, Math.round(cell.x))),
      y: Math.min(this.options.height - 1, Math.max(0, Math.round(cell.y))),
    };
  }

  private anywhere(): Cell {
    return { x: Math.floor(this.random() * this.options.width), y: Math.floor(this.random() * this.options.height) };
  }

  private near(center: Cell, radius: number): Cell {
    const dx = Math.round((this.random() * 2 - 1) * radius);
    const dy = Math.round((this.random() * 2 - 1) * radius);
    return this.clamp({ x: center.x + dx, y: center.y + dy });
  }
}

/** RO's eight directions (rAthena): 0 = north, counter-clockwise: 1 NW, 2 W, … 7 NE. */
export function directionOf(dx: number, dy: number): number {
  const table: Record<string, number> = {
    '0,1': 0,
    '-1,1': 1,
    '-1,0': 2,
    '-1,-1': 3,
    '0,-1': 4,
    '1,-1': 5,
    '1,0': 6,
    '1,1': 7,
  };
  return table[`${Math.sign(dx)},${Math.sign(dy)}`] ?? 0;
}

/** One cell toward the target (a diagonal step costs one cell, as in RO). */
export function stepToward(from: Cell, to: Cell): Cell {
  return { x: from.x + Math.sign(to.x - from.x), y: from.y + Math.sign(to.y - from.y) };
}
