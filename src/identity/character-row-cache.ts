import type { RathenaCharacterRow } from './identity-verdict';

interface Entry {
  /** Undefined: rAthena has no such character (that answer is cached too). */
  row: RathenaCharacterRow | undefined;
  expiresAt: number;
}

/** A flood of random character ids must not grow memory without bound. */
export const CHARACTER_CACHE_CAPACITY = 100_000;

/**
 * rAthena's rows by character id for `ttlMs`. The verdict is derived from the row on every check
 * (with the caller's address and the current time), so one row serves every address a character
 * is checked from.
 *
 * A Map iterates in insertion order and every entry lives equally long, so the oldest entries are
 * at the front: expired ones are dropped from there on each insert, and past `capacity` the
 * oldest goes first.
 */
export class CharacterRowCache {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = CHARACTER_CACHE_CAPACITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached answer (whose `row` may be undefined), or undefined when there is none still fresh. */
  get(charId: number, now: number): Entry | undefined {
    const entry = this.entries.get(charId);
    if (entry === undefined || entry.expiresAt <= now) {
      return undefined;
    }
    return entry;
  }

  /** `readAt`: when the query was sent, so an answer is never reused longer than `ttlMs` after it. */
  set(charId: number, row: RathenaCharacterRow | undefined, readAt: number): void {
    if (this.ttlMs <= 0) {
      return;
    }
    this.entries.delete(charId);
    this.entries.set(charId, { row, expiresAt: readAt + this.ttlMs });
    this.evict(readAt);
  }

  private evict(now: number): void {
    for (const [charId, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.capacity) {
        return;
      }
      this.entries.delete(charId);
    }
  }
}
