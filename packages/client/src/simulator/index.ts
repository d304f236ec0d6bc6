/**
 * `@ro-p2p/client/simulator`: the player simulator as a library (the `ro-p2p-simulate` command is
 * main.ts). `runSimulation` runs players against a coordinator and resolves with the summary; the
 * option, world and statistics helpers let other load tools (the soak) share its behaviour.
 */
export { runSimulation } from './run-simulation';
export type { ProgressSnapshot, RunHooks } from './run-simulation';
export { DEFAULT_OPTIONS, LIMITS, USAGE, isLoopbackUrl, parseArgs, validateOptions } from './options';
export type { SimulationOptions } from './options';
export { eachFlag, listFlag, numberFlag, unknownFlag } from './cli-flags';
export { DEFAULT_WORLD, World, directionOf, seededRandom, stepToward } from './world';
export type { Cell, Random, WorldOptions } from './world';
export { percentile } from './stats';
export type { SimulationSummary } from './stats';
export { progressLine, summaryText } from './progress';
export {
  BitmapWalkableMap,
  ZONE_MAP_ENCODING,
  decodeBase64,
  walkableMapFromRows,
  walkableMapFromZoneMap,
} from './walkable-map';
export type { WalkableMap, ZoneMapJson } from './walkable-map';
export {
  DIAGONAL_COST,
  findPath,
  lineCells,
  octile,
  pathCost,
  randomWalkable,
  randomWalkableNear,
} from './pathfinding';
export type { PathOptions } from './pathfinding';
export { BASE_MS_PER_CELL, CHEAT_KINDS, HONEST_SPEEDS, MovementAgent, pickWarps } from './movement-agent';
export type { AgentKind, AgentOptions, CheatKind, MoveEvent, Transport } from './movement-agent';
export { fetchZoneMaps, runRealistic } from './realistic-run';
export type { MovementKindSummary, MovementSummary } from './realistic-run';
