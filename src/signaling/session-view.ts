import { Injectable } from '@nestjs/common';

/**
 * This node's cached view of the sessions its peers belong to: member → node. Filled from Redis at
 * join time and kept current by session events, so relaying a signal needs no Redis round trip.
 */
@Injectable()
export class SessionView {
  private readonly sessions = new Map<string, Map<string, string>>();

  load(sessionId: string, members: Map<string, string>): void {
    this.sessions.set(sessionId, members);
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  upsert(sessionId: string, peerId: string, nodeId: string): void {
    this.sessions.get(sessionId)?.set(peerId, nodeId);
  }

  remove(sessionId: string, peerId: string): void {
    this.sessions.get(sessionId)?.delete(peerId);
  }

  drop(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  nodeOf(sessionId: string, peerId: string): string | undefined {
    return this.sessions.get(sessionId)?.get(peerId);
  }

  members(sessionId: string): ReadonlyMap<string, string> {
    return this.sessions.get(sessionId) ?? new Map<string, string>();
  }

  sessionIds(): IterableIterator<string> {
    return this.sessions.keys();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }
}
