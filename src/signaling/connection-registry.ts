import { Injectable } from '@nestjs/common';
import { Connection } from './connection';

/** The sockets held by this node, by connection id and by peer id. */
@Injectable()
export class ConnectionRegistry {
  private readonly byConn = new Map<string, Connection>();
  private readonly byPeer = new Map<string, Connection>();

  add(connection: Connection): void {
    this.byConn.set(connection.connId, connection);
  }

  /** Binds a peer id to a connection; returns the local connection it replaces, if any. */
  bind(connection: Connection, peerId: string): Connection | undefined {
    const previous = this.byPeer.get(peerId);
    connection.peerId = peerId;
    this.byPeer.set(peerId, connection);
    return previous !== connection ? previous : undefined;
  }

  /** Removes a connection; returns true when it was still the peer's current connection. */
  remove(connection: Connection): boolean {
    this.byConn.delete(connection.connId);
    if (connection.peerId && this.byPeer.get(connection.peerId) === connection) {
      this.byPeer.delete(connection.peerId);
      return true;
    }
    return false;
  }

  byPeerId(peerId: string): Connection | undefined {
    return this.byPeer.get(peerId);
  }

  all(): IterableIterator<Connection> {
    return this.byConn.values();
  }

  /** Peer id → connection id, for refreshing this node's routes. */
  ownedRoutes(): Map<string, string> {
    const routes = new Map<string, string>();
    for (const [peerId, connection] of this.byPeer) {
      routes.set(peerId, connection.connId);
    }
    return routes;
  }

  get connectionCount(): number {
    return this.byConn.size;
  }

  get peerCount(): number {
    return this.byPeer.size;
  }
}
