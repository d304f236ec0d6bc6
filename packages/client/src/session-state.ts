import { Dialect } from '@ro-p2p/contract';
import { PeerListEvent, SessionInfo } from './client-events';
import { PeerList, PeerListDiff } from './peer-list';
import { InboundMessage } from './signaling-codec';

type Joined = Extract<InboundMessage, { kind: 'joined' }>;

/**
 * What the client knows about where it is: the session, its other members (peer_joined /
 * peer_left) and the proximity list (peer_list diffs). Reset when a connection is lost, because
 * the coordinator starts every new connection from nothing.
 */
export class SessionState {
  session: SessionInfo | undefined;
  readonly members = new Set<string>();
  readonly peers = new PeerList();

  joined(message: Joined, dialect: Dialect, requestedZone: string | undefined, rejoined: boolean): SessionInfo {
    const { sessionId, hostId, peers, frameKey, iceServers } = message;
    const info: SessionInfo = {
      sessionId,
      dialect,
      zone: message.zone ?? requestedZone,
      hostId,
      peers,
      frameKey,
      iceServers,
      rejoined,
    };
    this.session = info;
    this.members.clear();
    peers.forEach((peer) => this.members.add(peer));
    return info;
  }

  left(): void {
    this.session = undefined;
    this.members.clear();
    this.peers.clear();
  }

  /** The connection is gone: the session stays known (a reconnection rejoins it), the lists do not. */
  disconnected(): void {
    this.peers.clear();
  }

  peerList(diff: PeerListDiff): PeerListEvent {
    const changed = this.peers.apply(diff);
    const added = diff.added.filter((entry) => changed.added.includes(entry.peerId));
    return { zone: diff.zone, added, removed: changed.removed, peers: this.peers.snapshot() };
  }
}
