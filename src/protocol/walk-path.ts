/**
 * Paths on a map's walkable cells, for the movement model (movement.ts): whether a walk between two
 * cells could have gone around the walls in its way, or only through them.
 */

/** The walkable cells of a map (rAthena's map cache: `MapGrid`). */
export interface WalkableGrid {
  readonly width: number;
  readonly height: number;
  isWalkable(x: number, y: number): boolean;
}

/**
 * Whether a walker could get from one cell to another within `limit` cells of path: true at once when
 * the straight line crosses no wall, else a breadth-first search over walkable cells near the line.
 * A walk that could only have gone through a wall is read as a relocation (Snap, High Jump), not a walk.
 */
export function walkableWithin(
  grid: WalkableGrid,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  limit: number,
): boolean {
  if (lineIsWalkable(grid, x0, y0, x1, y1)) {
    return true;
  }
  const steps = Math.floor(limit);
  const margin = Math.max(0, steps - Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)));
  const minX = Math.max(0, Math.min(x0, x1) - margin);
  const minY = Math.max(0, Math.min(y0, y1) - margin);
  const maxX = Math.min(grid.width - 1, Math.max(x0, x1) + margin);
  const maxY = Math.min(grid.height - 1, Math.max(y0, y1) + margin);
  const w = maxX - minX + 1;
  const cells = w * (maxY - minY + 1);
  if (cells > 16_384) {
    return false;
  }
  const seen = new Uint8Array(cells);
  let frontier = [x0 - minX + (y0 - minY) * w];
  seen[frontier[0]] = 1;
  const target = x1 - minX + (y1 - minY) * w;
  for (let depth = 0; depth < steps && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const cell of frontier) {
      const cx = cell % w;
      const cy = (cell - cx) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if ((dx === 0 && dy === 0) || nx < 0 || ny < 0 || nx >= w || ny > maxY - minY) {
            continue;
          }
          const index = nx + ny * w;
          if (seen[index] || !grid.isWalkable(nx + minX, ny + minY)) {
            continue;
          }
          if (index === target) {
            return true;
          }
          seen[index] = 1;
          next.push(index);
        }
      }
    }
    frontier = next;
  }
  return false;
}

/** Bresenham's line: every cell it passes is walkable. */
function lineIsWalkable(grid: WalkableGrid, x0: number, y0: number, x1: number, y1: number): boolean {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let error = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    if (!grid.isWalkable(x, y)) {
      return false;
    }
    if (x === x1 && y === y1) {
      return true;
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
