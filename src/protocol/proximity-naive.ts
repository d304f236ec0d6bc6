import { ProximityOptions } from './proximity-types';

interface Candidate {
  id: string;
  d: number;
}

/**
 * All-pairs reference for the proximity rules, written for obviousness rather than speed:
 * tests compare the grid against it and the benchmark measures how much the grid saves.
 */
export function naivePeerLists(
  positions: ReadonlyMap<string, { x: number; y: number }>,
  opts: ProximityOptions = {},
): Map<string, string[]> {
  const range = opts.areaRange ?? 14;
  const maxPeers = opts.maxPeers ?? 10;
  const all = [...positions];
  const lists = new Map<string, string[]>();
  for (const [id, p] of all) {
    const candidates: Candidate[] = [];
    for (const [otherId, q] of all) {
      if (otherId === id) {
        continue;
      }
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      if (Math.abs(dx) <= range && Math.abs(dy) <= range) {
        candidates.push({ id: otherId, d: dx * dx + dy * dy });
      }
    }
    candidates.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    lists.set(
      id,
      candidates.slice(0, maxPeers).map((c) => c.id),
    );
  }
  return lists;
}
