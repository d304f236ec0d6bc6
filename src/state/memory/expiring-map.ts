interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** Default sweep period; entries are also dropped lazily whenever they are read. */
const DEFAULT_PRUNE_MS = 10_000;

/**
 * A Map whose entries expire, standing in for Redis keys with a TTL. Expired entries
 * are invisible immediately and removed by a periodic sweep, so keys that are written
 * once and never read again cannot accumulate. The sweep timer is unref'd so it never
 * keeps the process alive; `dispose()` stops it.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly timer: NodeJS.Timeout;

  constructor(pruneEveryMs = DEFAULT_PRUNE_MS) {
    this.timer = setInterval(() => this.prune(), pruneEveryMs);
    this.timer.unref();
  }

  get(key: K): V | undefined {
    return this.live(key)?.value;
  }

  has(key: K): boolean {
    return this.live(key) !== undefined;
  }

  set(key: K, value: V, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** Ms until expiry, or undefined when absent. */
  ttl(key: K): number | undefined {
    const entry = this.live(key);
    return entry && entry.expiresAt - Date.now();
  }

  /** Sets the TTL of a live entry; false when absent. */
  expire(key: K, ttlMs: number): boolean {
    const entry = this.live(key);
    if (entry) {
      entry.expiresAt = Date.now() + ttlMs;
    }
    return entry !== undefined;
  }

  /** Extends a live entry to at least `ttlMs` from now, never shortening it. */
  extend(key: K, ttlMs: number): void {
    const entry = this.live(key);
    if (entry) {
      entry.expiresAt = Math.max(entry.expiresAt, Date.now() + ttlMs);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Live entries (a snapshot, so callers may mutate the map while iterating). */
  snapshot(): [K, V][] {
    this.prune();
    return [...this.entries].map(([key, entry]) => [key, entry.value]);
  }

  get size(): number {
    this.prune();
    return this.entries.size;
  }

  prune(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
      }
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.entries.clear();
  }

  private live(key: K): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
