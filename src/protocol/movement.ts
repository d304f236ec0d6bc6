/**
 * The movement model: what a peer may claim about its own position, judged by Ragnarok's rules
 * (docs/protocol.md, "Movement"). Pure: the caller keeps the state (`PeerMovement`, plain JSON so it
 * can be stored with presence and survive a reconnect) and passes the map when it knows one.
 *
 * What the game allows, and so what is never refused:
 * - walking at any speed down to rAthena's floor of 20 ms per cell, judged over a window of server
 *   time (a walking credit that fills while the peer is quiet), so updates that arrive in a burst
 *   after a lag are not taken for speed;
 * - relocation: Fly Wing, Teleport, warps, knock-back, Snap, Back Slide, @jump all land on a walkable
 *   cell, so a move farther than walking could explain is accepted as a relocation. Only an
 *   unexplainable rate of them (many a second for seconds) raises the peer's suspicion.
 * What is refused, and not applied: a position off the map or on a cell no one can stand on, and
 * walking faster than the floor. A refused position leaves the last accepted one as it was; since
 * a far move is a relocation, the next valid position is always accepted, so no one is ever stuck
 * behind a stale anchor.
 */

import { walkableWithin, type WalkableGrid } from './walk-path';

export { walkableWithin, type WalkableGrid } from './walk-path';

/** Why a position was refused: the `reason` of the IMPLAUSIBLE_MOVE error. */
export type MoveRefusal = 'out_of_bounds' | 'not_walkable' | 'too_fast';
export const MOVE_REFUSALS: readonly MoveRefusal[] = ['out_of_bounds', 'not_walkable', 'too_fast'];

/** What raised a peer's suspicion. */
export type SuspicionReason = 'off_map' | 'too_fast' | 'teleport_rate' | 'pace';
export const SUSPICION_REASONS: readonly SuspicionReason[] = ['off_map', 'too_fast', 'teleport_rate', 'pace'];

/** How an accepted position was read. */
export type MoveKind = 'first' | 'still' | 'walk' | 'relocation';

export interface MovementRules {
  /** Fastest walk the game allows, ms per cell (rAthena's MIN_WALK_SPEED: 20). */
  floorMsPerCell: number;
  /** Multiplier on the walking the floor allows, for jitter. */
  tolerance: number;
  /** How long quiet time keeps earning walking credit: absorbs updates that arrive in a burst after a lag. */
  burstMs: number;
  /** Cells allowed on top of the credit, so two updates sent back to back never trip the check. */
  slackCells: number;
  /** Relocations tolerated within `relocationWindowMs` before each further one raises suspicion. */
  relocationsPerWindow: number;
  relocationWindowMs: number;
  /** Sustained walking is measured over windows of at least this long and this many cells. */
  paceWindowMs: number;
  paceMinCells: number;
  /** Sustained walking faster than this (ms per cell) raises suspicion on any path. */
  paceSuspectMsPerCell: number;
  /** Sustained walking faster than the declared speed divided by this raises suspicion (frames). */
  paceDeclaredFactor: number;
  /** Suspicion halves over this much time without new reasons. */
  suspicionHalfLifeMs: number;
  /** Longest path searched (cells) when deciding whether a walk went around a wall or through it. */
  maxPathSearchCells: number;
}

export const MOVEMENT_DEFAULTS: MovementRules = {
  floorMsPerCell: 20,
  tolerance: 1.25,
  burstMs: 2500,
  slackCells: 2,
  relocationsPerWindow: 15,
  relocationWindowMs: 5000,
  paceWindowMs: 10_000,
  paceMinCells: 30,
  paceSuspectMsPerCell: 40,
  paceDeclaredFactor: 1.5,
  suspicionHalfLifeMs: 300_000,
  maxPathSearchCells: 40,
};

/** Suspicion points per reason: a peer reaching the configured limit (100 by default) is reported. */
export const SUSPICION_POINTS: { readonly [R in SuspicionReason]: number } = {
  off_map: 10,
  too_fast: 5,
  teleport_rate: 10,
  pace: 50,
};

/** One peer's movement, per zone; plain JSON (stored with presence, read by admins). */
export interface PeerMovement {
  zone: string;
  /** Last accepted position and the server time it was accepted. */
  x: number;
  y: number;
  at: number;
  /** Walking credit in cells, as of `creditAt`. */
  credit: number;
  creditAt: number;
  /** Server times of the relocations within the window. */
  relocations: number[];
  /** The current pace window: cells walked, time they took, and the declared ms for those cells. */
  pace: { start: number; cells: number; ms: number; declaredMs: number; declaredCells: number };
  /** The suspicion score as of `suspicionAt` (decays with time). */
  suspicion: number;
  suspicionAt: number;
  /** Refusals per reason, and accepted relocations, since the peer was first seen. */
  rejections: { [R in MoveRefusal]?: number };
  relocationCount: number;
}

export interface MoveInput {
  zone: string;
  x: number;
  y: number;
  /** The walk speed the client declares (P2P2 frames); never trusted for a refusal. */
  declaredMsPerCell?: number;
}

export interface MoveJudgement {
  /** The state to keep: the new position when accepted, updated counters either way. */
  state: PeerMovement;
  kind?: MoveKind;
  refusal?: MoveRefusal;
  /** Reasons that raised suspicion with this move. */
  suspected: SuspicionReason[];
}

/** Octile distance: a diagonal step costs 1.4 cells (rAthena's MOVE_DIAGONAL_COST 14 against 10). */
export function walkCost(dx: number, dy: number): number {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  const diagonal = Math.min(ax, ay);
  return diagonal * 1.4 + (Math.max(ax, ay) - diagonal);
}

/** The suspicion score at `now`, decayed from its last value. */
export function suspicionAt(
  state: Pick<PeerMovement, 'suspicion' | 'suspicionAt'>,
  now: number,
  rules = MOVEMENT_DEFAULTS,
): number {
  const elapsed = Math.max(0, now - state.suspicionAt);
  return state.suspicion * Math.pow(0.5, elapsed / rules.suspicionHalfLifeMs);
}

export function judgeMove(
  previous: PeerMovement | undefined,
  input: MoveInput,
  now: number,
  rules: MovementRules = MOVEMENT_DEFAULTS,
  grid?: WalkableGrid,
): MoveJudgement {
  const suspected: SuspicionReason[] = [];
  const state = carryOver(previous, input.zone, now, rules);
  const offMap = mapRefusal(input, grid);
  if (offMap) {
    return refuse(state, offMap, 'off_map', now, suspected);
  }
  if (state.at < 0) {
    // First position in this zone (a new peer, or one that changed maps): judged on the map alone.
    return accept(state, input, now, 'first', suspected, rules);
  }
  const elapsed = Math.max(0, now - state.at);
  const cost = walkCost(input.x - state.x, input.y - state.y);
  const credit = creditAt(state, now, rules);
  if (cost === 0) {
    state.credit = credit;
    state.creditAt = now;
    idlePace(state, elapsed);
    return accept(state, input, now, 'still', suspected);
  }
  // Farther than the peer could have walked since its last update is read as a relocation: at the speed
  // its frames declare (at least the floor), or at a fast walker's pace (paceSuspectMsPerCell) on the
  // JSON path, and never farther than a full walking credit. Walking faster than that in small steps is
  // what the credit and the pace judge.
  const stepPace =
    input.declaredMsPerCell !== undefined
      ? Math.min(1000, Math.max(rules.floorMsPerCell, input.declaredMsPerCell))
      : rules.paceSuspectMsPerCell;
  const reach = Math.min((elapsed / stepPace) * rules.tolerance, creditCap(rules)) + rules.slackCells;
  if (
    cost > reach ||
    (grid && !walkableWithin(grid, state.x, state.y, input.x, input.y, Math.min(reach, rules.maxPathSearchCells)))
  ) {
    state.credit = credit;
    state.creditAt = now;
    idlePace(state, elapsed);
    return relocate(state, input, now, rules, suspected);
  }
  // The slack is an overdraft: credit may go that far below zero, and must earn its way back.
  if (credit - cost < -rules.slackCells) {
    state.credit = credit;
    state.creditAt = now;
    return refuse(state, 'too_fast', 'too_fast', now, suspected);
  }
  state.credit = credit - cost;
  state.creditAt = now;
  walkPace(state, cost, elapsed, input.declaredMsPerCell, now, rules, suspected);
  return accept(state, input, now, 'walk', suspected);
}

/** A copy of the peer's state for this zone; a new zone keeps only what belongs to the player. */
function carryOver(previous: PeerMovement | undefined, zone: string, now: number, rules: MovementRules): PeerMovement {
  if (previous && previous.zone === zone) {
    return {
      ...previous,
      relocations: previous.relocations.filter((at) => now - at < rules.relocationWindowMs),
      pace: { ...previous.pace },
      rejections: { ...previous.rejections },
    };
  }
  return {
    zone,
    x: 0,
    y: 0,
    at: -1,
    credit: 0,
    creditAt: now,
    relocations: [],
    pace: { start: now, cells: 0, ms: 0, declaredMs: 0, declaredCells: 0 },
    suspicion: previous ? suspicionAt(previous, now, rules) : 0,
    suspicionAt: now,
    rejections: { ...previous?.rejections },
    relocationCount: previous?.relocationCount ?? 0,
  };
}

function mapRefusal(input: MoveInput, grid: WalkableGrid | undefined): MoveRefusal | undefined {
  if (!Number.isInteger(input.x) || !Number.isInteger(input.y) || input.x < 0 || input.y < 0) {
    return 'out_of_bounds';
  }
  if (!grid) {
    return undefined;
  }
  if (input.x >= grid.width || input.y >= grid.height) {
    return 'out_of_bounds';
  }
  return grid.isWalkable(input.x, input.y) ? undefined : 'not_walkable';
}

/** The most walking credit a peer can hold: `burstMs` of the floor's pace. */
function creditCap(rules: MovementRules): number {
  return rules.burstMs * (rules.tolerance / rules.floorMsPerCell);
}

/** Walking credit at `now`: it fills at the floor's pace, up to `burstMs` of it. */
function creditAt(state: PeerMovement, now: number, rules: MovementRules): number {
  const perMs = rules.tolerance / rules.floorMsPerCell;
  return Math.min(creditCap(rules), state.credit + Math.max(0, now - state.creditAt) * perMs);
}

function accept(
  state: PeerMovement,
  input: MoveInput,
  now: number,
  kind: MoveKind,
  suspected: SuspicionReason[],
  rules: MovementRules = MOVEMENT_DEFAULTS,
): MoveJudgement {
  if (kind === 'first') {
    // A full credit: moves a client buffered while it was joining are not taken for speed.
    state.credit = creditCap(rules);
    state.creditAt = now;
    state.pace = { start: now, cells: 0, ms: 0, declaredMs: 0, declaredCells: 0 };
  }
  state.x = input.x;
  state.y = input.y;
  state.at = now;
  return { state, kind, suspected };
}

function refuse(
  state: PeerMovement,
  refusal: MoveRefusal,
  reason: SuspicionReason,
  now: number,
  suspected: SuspicionReason[],
): MoveJudgement {
  state.rejections[refusal] = (state.rejections[refusal] ?? 0) + 1;
  suspect(state, reason, now, suspected);
  return { state, refusal, suspected };
}

function relocate(
  state: PeerMovement,
  input: MoveInput,
  now: number,
  rules: MovementRules,
  suspected: SuspicionReason[],
): MoveJudgement {
  state.relocations.push(now);
  state.relocationCount += 1;
  if (state.relocations.length > rules.relocationsPerWindow) {
    suspect(state, 'teleport_rate', now, suspected);
  }
  return accept(state, input, now, 'relocation', suspected);
}

function suspect(state: PeerMovement, reason: SuspicionReason, now: number, suspected: SuspicionReason[]): void {
  state.suspicion = suspicionAt(state, now) + SUSPICION_POINTS[reason];
  state.suspicionAt = now;
  suspected.push(reason);
}

/** Updates closer together than this are one burst (a lag delivering held-back moves). */
const BURST_GAP_MS = 10;

/** Time spent standing or before a relocation counts toward the pace window (it only slows the pace). */
function idlePace(state: PeerMovement, elapsed: number): void {
  state.pace.ms += Math.min(elapsed, 3000);
}

/**
 * Sustained pace: time between updates (a quiet spell counts at most 3 s, so standing still does not
 * hide a sprint and a lag's burst carries the time it waited) against the cells walked. Judged once
 * per window; idle time only makes the pace slower, never faster.
 */
function walkPace(
  state: PeerMovement,
  cost: number,
  elapsed: number,
  declared: number | undefined,
  now: number,
  rules: MovementRules,
  suspected: SuspicionReason[],
): void {
  const pace = state.pace;
  pace.cells += cost;
  pace.ms += Math.min(elapsed, 3000);
  if (declared !== undefined && declared > 0) {
    pace.declaredMs += declared * cost;
    pace.declaredCells += cost;
  }
  // A window closes on a step that is not part of a burst, so a lag's wait and the cells it held back
  // are judged together.
  if (now - pace.start < rules.paceWindowMs || elapsed < BURST_GAP_MS) {
    return;
  }
  if (pace.cells >= rules.paceMinCells) {
    const msPerCell = pace.ms / pace.cells;
    const declaredAll = pace.declaredCells >= pace.cells - 1e-9;
    const declaredLimit = declaredAll ? pace.declaredMs / pace.declaredCells / rules.paceDeclaredFactor : 0;
    if (msPerCell < rules.paceSuspectMsPerCell || msPerCell < declaredLimit) {
      suspect(state, 'pace', now, suspected);
    }
  }
  state.pace = { start: now, cells: 0, ms: 0, declaredMs: 0, declaredCells: 0 };
}
