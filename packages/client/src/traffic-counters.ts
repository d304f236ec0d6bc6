/**
 * Messages sent and received by kind (`offer`, `frame:POSITION_UPDATE`, `relayed:CHAT_MESSAGE`, …).
 * Cheap enough to keep always on; the simulator sums them over all its players.
 */
export class TrafficCounters {
  readonly sentByKind = new Map<string, number>();
  readonly receivedByKind = new Map<string, number>();
  totalSent = 0;
  totalReceived = 0;

  sent(kind: string): void {
    this.sentByKind.set(kind, (this.sentByKind.get(kind) ?? 0) + 1);
    this.totalSent += 1;
  }

  received(kind: string): void {
    this.receivedByKind.set(kind, (this.receivedByKind.get(kind) ?? 0) + 1);
    this.totalReceived += 1;
  }
}
