/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { SeatHold, SeatHoldStore } from '../seat-hold.store';

export class MemorySeatHoldStore extends SeatHoldStore {
  private readonly holds = new Map<string, SeatHold>();

  async hold(peerId: string, sessionId: string, deadline: number): Promise<void> {
    if (this.holds.get(peerId)?.sessionId === sessionId) {
      return;
    }
    this.holds.set(peerId, { peerId, sessionId, deadline });
  }

  async release(peerId: string): Promise<boolean> {
    return this.holds.delete(peerId);
  }

  async takeExpired(now: number, limit: number): Promise<SeatHold[]> {
    const expired = [...this.holds.values()]
      .filter((hold) => hold.deadline <= now)
      .sort((a, b) => a.deadline - b.deadline)
      .slice(0, limit);
    for (const hold of expired) {
      this.holds.delete(hold.peerId);
    }
    return expired;
  }

  async count(): Promise<number> {
    return this.holds.size;
  }
}
