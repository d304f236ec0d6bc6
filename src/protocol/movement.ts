/**
 * Movement plausibility: a client claims its own position, so we bound how far it may have
 * walked since its last accepted update. Distances are in cells, Chebyshev, because rAthena
 * moves diagonally at the same cost as straight.
 */

export type MoveVerdict = 'ok' | 'too_fast' | 'jump';

export interface PreviousPosition {
  x: number;
  y: number;
  atMs: number;
}

export interface NextPosition {
  x: number;
  y: number;
  /** Claimed milliseconds per cell. */
  walkSpeedMs: number;
}

export interface MoveCheckOptions {
  /** Multiplier on the allowed distance, absorbing jitter and batching of updates. */
  tolerance?: number;
  /** Fastest walk we believe in; stops a client from claiming 1 ms per cell. */
  minWalkSpeedMs?: number;
  /** Farther than this in one update is a teleport whatever the elapsed time. */
  maxJumpCells?: number;
  /** Cells allowed on top, so two updates sent back to back do not trip the check. */
  slackCells?: number;
  /** Map size in cells; coordinates must satisfy 0 <= x < width, 0 <= y < height. */
  bounds?: { width: number; height: number };
}

export const MOVE_DEFAULTS = {
  tolerance: 1.5,
  minWalkSpeedMs: 75,
  maxJumpCells: 30,
  slackCells: 2,
} as const;

export function checkMove(
  prev: PreviousPosition | undefined,
  next: NextPosition,
  nowMs: number,
  opts: MoveCheckOptions = {},
): MoveVerdict {
  const bounds = opts.bounds;
  if (bounds && !(next.x >= 0 && next.y >= 0 && next.x < bounds.width && next.y < bounds.height)) {
    return 'jump';
  }
  if (prev === undefined) {
    return 'ok';
  }
  const distance = Math.max(Math.abs(next.x - prev.x), Math.abs(next.y - prev.y));
  if (distance > (opts.maxJumpCells ?? MOVE_DEFAULTS.maxJumpCells)) {
    return 'jump';
  }
  // A clock that goes backwards grants no walking time rather than negative time.
  const elapsedMs = Math.max(0, nowMs - prev.atMs);
  const minSpeed = opts.minWalkSpeedMs ?? MOVE_DEFAULTS.minWalkSpeedMs;
  const speed = Math.max(next.walkSpeedMs, minSpeed);
  const allowed =
    (elapsedMs / speed) * (opts.tolerance ?? MOVE_DEFAULTS.tolerance) + (opts.slackCells ?? MOVE_DEFAULTS.slackCells);
  return distance > allowed ? 'too_fast' : 'ok';
}
