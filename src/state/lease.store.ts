/**
 * Named, expiring leases for work that only one node may do at a time (e.g. periodic sweeps).
 * A lease is lost if its holder stops renewing it, so another node can take over.
 */
export abstract class LeaseStore {
  /** Takes the lease if free; if `holder` already has it, renews it. True when `holder` holds it afterwards. */
  abstract acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;

  /** Extends the lease only if `holder` still holds it. */
  abstract renew(name: string, holder: string, ttlMs: number): Promise<boolean>;

  /** Gives the lease up only if `holder` still holds it; true when it was released. */
  abstract release(name: string, holder: string): Promise<boolean>;

  abstract holder(name: string): Promise<string | null>;
}
