import { MOVE_REFUSALS, PeerMovement } from '../protocol/movement';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Whether a record read back from the shared store has the shape the model expects. A record from
 * an older or foreign version is dropped (the player starts afresh) rather than trusted.
 */
export function isPeerMovement(value: unknown): value is PeerMovement {
  if (!isObject(value) || typeof value.zone !== 'string' || !isObject(value.pace) || !isObject(value.rejections)) {
    return false;
  }
  const numbers = ['x', 'y', 'at', 'credit', 'creditAt', 'suspicion', 'suspicionAt', 'relocationCount'];
  const pace = value.pace;
  const rejections = value.rejections;
  return (
    numbers.every((key) => isFiniteNumber(value[key])) &&
    Array.isArray(value.relocations) &&
    value.relocations.length <= 1000 &&
    value.relocations.every(isFiniteNumber) &&
    ['start', 'cells', 'ms', 'declaredMs', 'declaredCells'].every((key) => isFiniteNumber(pace[key])) &&
    Object.entries(rejections).every(
      ([key, count]) => (MOVE_REFUSALS as readonly string[]).includes(key) && isFiniteNumber(count),
    )
  );
}

/** A stored record, or undefined when there is none or it is not JSON of the expected shape. */
export function parseMovementRecord(stored: string | null): PeerMovement | undefined {
  if (stored === null) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return undefined;
  }
  return isPeerMovement(parsed) ? parsed : undefined;
}
