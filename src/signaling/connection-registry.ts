import { Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { AppConfig } from '../config/app-config';
import { Dialect } from '../protocol/signaling-messages';
import { Connection } from './connection';
import { NoticeBatch } from './notice-batch';

/** The sockets held by this node, by connection id and by peer id. */
@Injectable()
export class ConnectionRegistry {
  private readonly byConn = new Map<string, Connection>();
  private readonly byPeer = new Map<string, Connection>();
  private sequence = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly notices: NoticeBatch,
  ) {}

  /** A new socket's connection (`<node>/<n>`), registered. */
  open(socket: WebSocket, ip: string, dialect: Dialect): Connection {
    const id = `${this.config.service.nodeId}/${++this.sequence}`;
    const connection = new Connection(id, socket, ip, dialect, this.config.ws.maxBufferedBytes, this.notices);
    this.add(connection);
    return connection;
  }

  add(connection: Connection): void {
    this.byConn.set(connection.connId, connection);
  }

  /** Binds a peer id to a connection (it becomes identified); returns the local connection it replaces, if any. */
  bind(connection: Connection, peerId: string): Connection | undefined {
    const previous = this.byPeer.get(peerId);
    connection.identify(peerId);
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
