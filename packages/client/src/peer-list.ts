import type { PeerListEntry } from '@ro-p2p/contract';
import { Received, Unchecked } from './wire-fields';

/**
 * The client's view of its proximity list. The coordinator pushes diffs (`peer_list` /
 * `peer-list`: added entries with positions, removed ids); applying them in order yields the
 * coordinator's current list.
 */
export interface PeerEntry {
  peerId: string;
  x: number;
  y: number;
}

export interface PeerListDiff {
  zone: string;
  added: PeerEntry[];
  removed: string[];
}

export class PeerList {
  private readonly peers = new Map<string, PeerEntry>();
  private currentZone: string | undefined;

  get zone(): string | undefined {
    return this.currentZone;
  }

  get size(): number {
    return this.peers.size;
  }

  has(peerId: string): boolean {
    return this.peers.has(peerId);
  }

  get(peerId: string): PeerEntry | undefined {
    return this.peers.get(peerId);
  }

  /** A copy, so callers can keep it while later diffs arrive. */
  snapshot(): Map<string, PeerEntry> {
    return new Map(this.peers);
  }

  ids(): string[] {
    return [...this.peers.keys()];
  }

  /**
   * Applies one diff. Removals run first so an entry that is both removed and re-added (a peer that
   * left and rejoined between two ticks) ends up present. A diff for another zone means the client
   * moved: the old zone's list no longer applies.
   * Returns the ids that were really added (new to the list) and really removed.
   */
  apply(diff: PeerListDiff): { added: string[]; removed: string[] } {
    if (this.currentZone !== undefined && diff.zone !== this.currentZone) {
      this.peers.clear();
    }
    this.currentZone = diff.zone;
    const removed: string[] = [];
    for (const id of diff.removed) {
      if (this.peers.delete(id)) {
        removed.push(id);
      }
    }
    const added: string[] = [];
    for (const entry of diff.added) {
      if (!this.peers.has(entry.peerId)) {
        added.push(entry.peerId);
      }
      this.peers.set(entry.peerId, { ...entry });
    }
    return { added, removed };
  }

  /** A new session or connection: the coordinator will send a full list again. */
  clear(): void {
    this.peers.clear();
    this.currentZone = undefined;
  }
}

/** Parses the wire form of a diff; undefined when the message is malformed. */
export function parsePeerListDiff(message: Record<string, unknown>): PeerListDiff | undefined {
  const { zone, added, removed }: Received<'peer_list'> = message;
  if (typeof zone !== 'string' || !Array.isArray(added) || !Array.isArray(removed)) {
    return undefined;
  }
  const entries: PeerEntry[] = [];
  for (const raw of added as unknown[]) {
    if (typeof raw !== 'object' || raw === null) {
      return undefined;
    }
    const { peer_id: peerId, x, y }: Unchecked<PeerListEntry> = raw as Record<string, unknown>;
    if (typeof peerId !== 'string' || typeof x !== 'number' || typeof y !== 'number') {
      return undefined;
    }
    entries.push({ peerId, x, y });
  }
  if (!(removed as unknown[]).every((id) => typeof id === 'string')) {
    return undefined;
  }
  return { zone, added: entries, removed: removed as string[] };
}
