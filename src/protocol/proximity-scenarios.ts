import { PeerListDiff } from './proximity-types';

/**
 * Seeded peer layouts and movement shared by the proximity specs and the tick benchmark, so the
 * benchmark measures the same shapes the tests prove correct.
 */

/** mulberry32: tiny, fast, good enough to spread test points; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Point {
  x: number;
  y: number;
}

export interface HotSpotLayout {
  width: number;
  height: number;
  /** Fraction of peers gathered around hot spots; the rest spread uniformly. */
  crowdedShare: number;
  hotSpots: number;
  /** Standard deviation of a hot spot, in tiles. */
  spread: number;
}

const clamp = (v: number, max: number): number => Math.min(Math.max(Math.round(v), 0), max - 1);

/** Layout of `count` peers with ids "p0".."p<count-1>"; hot spot centres stay on the map. */
export function hotSpotLayout(count: number, layout: HotSpotLayout, rnd: () => number): Map<string, Point> {
  const { width, height, hotSpots, spread } = layout;
  const centres: Point[] = [];
  for (let i = 0; i < hotSpots; i++) {
    centres.push({
      x: spread * 2 + rnd() * (width - spread * 4),
      y: spread * 2 + rnd() * (height - spread * 4),
    });
  }
  const peers = new Map<string, Point>();
  for (let i = 0; i < count; i++) {
    if (hotSpots > 0 && rnd() < layout.crowdedShare) {
      const c = centres[Math.floor(rnd() * hotSpots)];
      peers.set(`p${i}`, {
        x: clamp(c.x + gaussian(rnd) * spread, width),
        y: clamp(c.y + gaussian(rnd) * spread, height),
      });
    } else {
      peers.set(`p${i}`, { x: Math.floor(rnd() * width), y: Math.floor(rnd() * height) });
    }
  }
  return peers;
}

/** Box-Muller; one normal deviate per call is plenty here. */
function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** One step (0 or 1 tile on each axis, like an RO walk at 5 Hz), kept inside the map. */
export function randomStep(p: Point, width: number, height: number, rnd: () => number): Point {
  const dx = Math.floor(rnd() * 3) - 1;
  const dy = Math.floor(rnd() * 3) - 1;
  return { x: clamp(p.x + dx, width), y: clamp(p.y + dy, height) };
}

/**
 * What a client holds after applying every diff it was sent, used to prove that diffs alone
 * reproduce the lists.
 */
export class PeerListMirror {
  readonly lists = new Map<string, Map<string, Point>>();

  apply(diffs: ReadonlyMap<string, PeerListDiff>): void {
    for (const [peerId, diff] of diffs) {
      let list = this.lists.get(peerId);
      if (list === undefined) {
        this.lists.set(peerId, (list = new Map<string, Point>()));
      }
      for (const id of diff.removed) {
        list.delete(id);
      }
      for (const entry of diff.added) {
        list.set(entry.peer_id, { x: entry.x, y: entry.y });
      }
    }
  }

  /** A peer that left gets no more diffs; its client is gone with it. */
  forget(peerId: string): void {
    this.lists.delete(peerId);
  }

  idsOf(peerId: string): string[] {
    return [...(this.lists.get(peerId)?.keys() ?? [])].sort();
  }
}
