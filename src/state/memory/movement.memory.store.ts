/* eslint-disable @typescript-eslint/require-await -- the port is async for Redis; here it is not. */
import { OnModuleDestroy } from '@nestjs/common';
import { MovementStore } from '../movement.store';
import { assertTtl } from '../state.validation';
import { ExpiringMap } from './expiring-map';

/** Single-node movement records. */
export class MemoryMovementStore extends MovementStore implements OnModuleDestroy {
  private readonly records = new ExpiringMap<string, string>();

  async get(peerId: string): Promise<string | null> {
    return this.records.get(peerId) ?? null;
  }

  async getMany(peerIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const peerId of peerIds) {
      const record = this.records.get(peerId);
      if (record !== undefined) {
        found.set(peerId, record);
      }
    }
    return found;
  }

  async putMany(records: ReadonlyMap<string, string>, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    for (const [peerId, record] of records) {
      this.records.set(peerId, record, ttlMs);
    }
  }

  onModuleDestroy(): void {
    this.records.dispose();
  }
}
