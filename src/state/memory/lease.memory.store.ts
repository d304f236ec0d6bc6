/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { OnModuleDestroy } from '@nestjs/common';
import { LeaseStore } from '../lease.store';
import { assertTtl } from '../state.validation';
import { ExpiringMap } from './expiring-map';

export class MemoryLeaseStore extends LeaseStore implements OnModuleDestroy {
  private readonly leases = new ExpiringMap<string, string>();

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const current = this.leases.get(name);
    if (current !== undefined && current !== holder) {
      return false;
    }
    this.leases.set(name, holder, ttlMs);
    return true;
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return this.leases.get(name) === holder && this.leases.expire(name, ttlMs);
  }

  async release(name: string, holder: string): Promise<boolean> {
    return this.leases.get(name) === holder && this.leases.delete(name);
  }

  async holder(name: string): Promise<string | null> {
    return this.leases.get(name) ?? null;
  }

  onModuleDestroy(): void {
    this.leases.dispose();
  }
}
