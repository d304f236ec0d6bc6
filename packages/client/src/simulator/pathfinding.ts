import { WalkableMap } from './walkable-map';
import { Cell, Random } from './world';

/** A diagonal step costs 1.4 straight ones (rAthena's MOVE_DIAGONAL_COST 14 against 10). */
export const DIAGONAL_COST = 1.4;

/** Octile distance: what walking from one cell to another costs at best. */
export function octile(dx: number, dy: number): number {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  const diagonal = Math.min(ax, ay);
  return diagonal * DIAGONAL_COST + (Math.max(ax, ay) - diagonal);
}

/** The cost of a path (each step straight or diagonal). */
export function pathCost(path: readonly Cell[]): number {
  let cost = 0;
  for (let i = 1; i < path.length; i++) {
    cost += octile(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
  }
  return cost;
}

export interface PathOptions {
  /** Cells expanded before giving up (bounded search; default 4,000). */
  maxExpanded?: number;
}

const STEPS: readonly [number, number, number][] = [
  [1, 0, 10],
  [-1, 0, 10],
  [0, 1, 10],
  [0, -1, 10],
  [1, 1, 14],
  [1, -1, 14],
  [-1, 1, 14],
  [-1, -1, 14],
];

/**
 * A* over walkable cells, 8-connected, a diagonal step costing 1.4 and allowed only when both cells
 * beside it are walkable (as rAthena's path search: no cutting a wall's corner). Returns the cells
 * from `from` to `to` inclusive, or undefined when either end is not walkable or no path is found
 * within the bound.
 */
export function findPath(map: WalkableMap, from: Cell, to: Cell, options: PathOptions = {}): Cell[] | undefined {
  if (!map.isWalkable(from.x, from.y) || !map.isWalkable(to.x, to.y)) {
    return undefined;
  }
  if (from.x === to.x && from.y === to.y) {
    return [{ ...from }];
  }
  const maxExpanded = options.maxExpanded ?? 4000;
  const width = map.width;
  const key = (x: number, y: number): number => x + y * width;
  const heuristic = (x: number, y: number): number => Math.round(octile(to.x - x, to.y - y) * 10);
  const cost = new Map<number, number>();
  const parent = new Map<number, number>();
  const closed = new Set<number>();
  const heap = new MinHeap();
  const start = key(from.x, from.y);
  const goal = key(to.x, to.y);
  cost.set(start, 0);
  heap.push(heuristic(from.x, from.y), start);
  let expanded = 0;
  while (heap.size > 0) {
    const current = heap.pop();
    if (current === goal) {
      return unwind(parent, goal, width);
    }
    if (closed.has(current)) {
      continue;
    }
    closed.add(current);
    if (++expanded > maxExpanded) {
      return undefined;
    }
    const cx = current % width;
    const cy = (current - cx) / width;
    const base = cost.get(current) as number;
    for (const [dx, dy, step] of STEPS) {
      const nx = cx + dx;
      const ny = cy + dy;
      if (!map.isWalkable(nx, ny)) {
        continue;
      }
      if (dx !== 0 && dy !== 0 && (!map.isWalkable(cx + dx, cy) || !map.isWalkable(cx, cy + dy))) {
        continue;
      }
      const next = key(nx, ny);
      const total = base + step;
      if (closed.has(next) || total >= (cost.get(next) ?? Infinity)) {
        continue;
      }
      cost.set(next, total);
      parent.set(next, current);
      heap.push(total + heuristic(nx, ny), next);
    }
  }
  return undefined;
}

function unwind(parent: Map<number, number>, goal: number, width: number): Cell[] {
  const path: Cell[] = [];
  for (let at: number | undefined = goal; at !== undefined; at = parent.get(at)) {
    const x = at % width;
    path.push({ x, y: (at - x) / width });
  }
  return path.reverse();
}

/** A uniformly random walkable cell of the map (rejection sampling; undefined if none found). */
export function randomWalkable(map: WalkableMap, random: Random, tries = 10_000): Cell | undefined {
  for (let i = 0; i < tries; i++) {
    const x = Math.floor(random() * map.width);
    const y = Math.floor(random() * map.height);
    if (map.isWalkable(x, y)) {
      return { x, y };
    }
  }
  return undefined;
}

/** A random walkable cell within `radius` cells (Chebyshev) of `center`, other than it; undefined if none found. */
export function randomWalkableNear(
  map: WalkableMap,
  random: Random,
  center: Cell,
  radius: number,
  tries = 64,
): Cell | undefined {
  for (let i = 0; i < tries; i++) {
    const x = center.x + Math.round((random() * 2 - 1) * radius);
    const y = center.y + Math.round((random() * 2 - 1) * radius);
    if ((x !== center.x || y !== center.y) && map.isWalkable(x, y)) {
      return { x, y };
    }
  }
  return undefined;
}

/** Cells of Bresenham's line from `from` to `to`, both included (walls or not). */
export function lineCells(from: Cell, to: Cell): Cell[] {
  const cells: Cell[] = [];
  const dx = Math.abs(to.x - from.x);
  const dy = -Math.abs(to.y - from.y);
  const sx = from.x < to.x ? 1 : -1;
  const sy = from.y < to.y ? 1 : -1;
  let error = dx + dy;
  let x = from.x;
  let y = from.y;
  for (;;) {
    cells.push({ x, y });
    if (x === to.x && y === to.y) {
      return cells;
    }
    const doubled = 2 * error;
    if (doubled >= dy) {
      error += dy;
      x += sx;
    }
    if (doubled <= dx) {
      error += dx;
      y += sy;
    }
  }
}

/** A binary min-heap of (priority, value) pairs. */
class MinHeap {
  private readonly priorities: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  push(priority: number, value: number): void {
    let i = this.values.length;
    this.priorities.push(priority);
    this.values.push(value);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.priorities[up] <= priority) {
        break;
      }
      this.priorities[i] = this.priorities[up];
      this.values[i] = this.values[up];
      i = up;
    }
    this.priorities[i] = priority;
    this.values[i] = value;
  }

  pop(): number {
    const top = this.values[0];
    const lastPriority = this.priorities.pop() as number;
    const lastValue = this.values.pop() as number;
    const n = this.values.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) {
          break;
        }
        const right = left + 1;
        const child = right < n && this.priorities[right] < this.priorities[left] ? right : left;
        if (this.priorities[child] >= lastPriority) {
          break;
        }
        this.priorities[i] = this.priorities[child];
        this.values[i] = this.values[child];
        i = child;
      }
      this.priorities[i] = lastPriority;
      this.values[i] = lastValue;
    }
    return top;
  }
}
