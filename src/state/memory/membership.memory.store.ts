/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { OnModuleDestroy } from '@nestjs/common';
import { JoinResult, MembershipStore, SessionLeave } from '../membership.store';
import { assertTtl } from '../state.validation';
import { ExpiringMap } from './expiring-map';

/**
 * Single-node membership mirroring the Redis layout: a peer → session entry with the
 * peer's TTL, and a member set per session that lives as long as its longest member.
 * Methods never await mid-way, so each one is atomic like its Lua twin.
 */
export class MemoryMembershipStore extends MembershipStore implements OnModuleDestroy {
  private readonly peers = new ExpiringMap<string, string>();
  private readonly sessions = new ExpiringMap<string, Set<string>>();

  async join(sessionId: string, peerId: string, ttlMs: number): Promise<JoinResult> {
    assertTtl(ttlMs);
    const prev = this.peers.get(peerId);
    if (prev !== undefined && prev !== sessionId) {
      this.sessions.get(prev)?.delete(peerId);
      this.pruneSession(prev);
    }
    this.addToSession(sessionId, peerId, ttlMs);
    this.peers.set(peerId, sessionId, ttlMs);
    if (prev === sessionId) {
      return { alreadyMember: true };
    }
    return prev === undefined ? { alreadyMember: false } : { previousSessionId: prev, alreadyMember: false };
  }

  async leave(peerId: string, sessionId?: string): Promise<string | null> {
    const current = this.peers.get(peerId);
    if (sessionId && current !== sessionId) {
      if (current === undefined) {
        this.pruneSession(sessionId);
      }
      return null;
    }
    if (current === undefined) {
      return null;
    }
    this.peers.delete(peerId);
    this.sessions.get(current)?.delete(peerId);
    this.pruneSession(current);
    return current;
  }

  override async leaveMany(leaves: readonly SessionLeave[]): Promise<(string | null)[]> {
    const left: (string | null)[] = [];
    for (const { peerId, sessionId } of leaves) {
      left.push(await this.leave(peerId, sessionId));
    }
    return left;
  }

  async members(sessionId: string): Promise<string[]> {
    return this.pruneSession(sessionId).sort();
  }

  async sessionOf(peerId: string): Promise<string | null> {
    return this.peers.get(peerId) ?? null;
  }

  async refresh(peerIds: readonly string[], ttlMs: number): Promise<number> {
    assertTtl(ttlMs);
    let count = 0;
    for (const peerId of peerIds) {
      const sessionId = this.peers.get(peerId);
      if (sessionId === undefined) {
        continue;
      }
      this.peers.expire(peerId, ttlMs);
      this.addToSession(sessionId, peerId, ttlMs);
      count++;
    }
    return count;
  }

  async countSessions(): Promise<number> {
    return this.sessions.size;
  }

  onModuleDestroy(): void {
    this.peers.dispose();
    this.sessions.dispose();
  }

  private addToSession(sessionId: string, peerId: string, ttlMs: number): void {
    const set = this.sessions.get(sessionId);
    if (set) {
      set.add(peerId);
      this.sessions.extend(sessionId, ttlMs);
    } else {
      this.sessions.set(sessionId, new Set([peerId]), ttlMs);
    }
  }

  /** Drops members whose own entry expired or moved; deletes the session when none remain. */
  private pruneSession(sessionId: string): string[] {
    const set = this.sessions.get(sessionId);
    if (!set) {
      return [];
    }
    for (const peerId of set) {
      if (this.peers.get(peerId) !== sessionId) {
        set.delete(peerId);
      }
    }
    if (set.size === 0) {
      this.sessions.delete(sessionId);
    }
    return [...set];
  }
}
