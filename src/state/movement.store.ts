/**
 * Each peer's movement record (last accepted position, walking credit, suspicion, refusal counts),
 * shared by every node so that it belongs to the player, not the socket: a reconnect, on this node
 * or another, picks up where the last connection left off. The record is opaque JSON here; the
 * signaling module owns its shape. Written in batches (never per message) and read once per join.
 */
export abstract class MovementStore {
  abstract get(peerId: string): Promise<string | null>;

  /** Records of many peers in one round trip; peers without one are absent. */
  abstract getMany(peerIds: readonly string[]): Promise<Map<string, string>>;

  /** Writes (or refreshes) every record given, each living `ttlMs` after its last write. */
  abstract putMany(records: ReadonlyMap<string, string>, ttlMs: number): Promise<void>;
}
