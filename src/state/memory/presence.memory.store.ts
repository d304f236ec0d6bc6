/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { OnModuleDestroy } from '@nestjs/common';
import { AddressClaim, PeerRoute, PresenceStore, RouteOwner } from '../presence.store';
import { assertTtl } from '../state.validation';
import { ExpiringMap } from './expiring-map';

/** Single-node presence. Methods never await mid-way, so each one is atomic like its Lua twin. */
export class MemoryPresenceStore extends PresenceStore implements OnModuleDestroy {
  private readonly routes = new ExpiringMap<string, PeerRoute>();

  async claim(peerId: string, route: PeerRoute, ttlMs: number): Promise<PeerRoute | null> {
    assertTtl(ttlMs);
    const previous = this.routes.get(peerId) ?? null;
    this.routes.set(peerId, { ...route }, ttlMs);
    return previous;
  }

  async claimFrom(peerId: string, route: PeerRoute & { address: string }, ttlMs: number): Promise<AddressClaim> {
    assertTtl(ttlMs);
    const holder = this.routes.get(peerId);
    if (holder?.address !== undefined && holder.address !== route.address) {
      return { claimed: false, holder: { ...holder } };
    }
    this.routes.set(peerId, { ...route }, ttlMs);
    return { claimed: true, previous: holder ?? null };
  }

  async get(peerId: string): Promise<PeerRoute | null> {
    const route = this.routes.get(peerId);
    return route ? { ...route } : null;
  }

  async getMany(peerIds: readonly string[]): Promise<Map<string, PeerRoute>> {
    const found = new Map<string, PeerRoute>();
    for (const id of peerIds) {
      const route = this.routes.get(id);
      if (route) {
        found.set(id, { ...route });
      }
    }
    return found;
  }

  async release(peerId: string, connId: string): Promise<boolean> {
    return this.routes.get(peerId)?.connId === connId && this.routes.delete(peerId);
  }

  override async releaseMany(routes: readonly RouteOwner[]): Promise<boolean[]> {
    return routes.map(({ peerId, connId }) => this.routes.get(peerId)?.connId === connId && this.routes.delete(peerId));
  }

  async refresh(owned: ReadonlyMap<string, string>, ttlMs: number): Promise<string[]> {
    assertTtl(ttlMs);
    const lost: string[] = [];
    for (const [peerId, connId] of owned) {
      if (this.routes.get(peerId)?.connId === connId) {
        this.routes.expire(peerId, ttlMs);
      } else {
        lost.push(peerId);
      }
    }
    return lost;
  }

  onModuleDestroy(): void {
    this.routes.dispose();
  }
}
