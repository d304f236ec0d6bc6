/**
 * Rejects TTLs Redis would refuse (PX needs a positive integer) in both adapters, so a
 * bad value fails the same way with or without Redis instead of only in production.
 */
export function assertTtl(ttlMs: number, what = 'TTL'): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new Error(`${what} must be a positive integer of milliseconds, got ${ttlMs}`);
  }
}
