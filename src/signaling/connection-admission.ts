import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { Connection } from './connection';

/**
 * The gateway's security hooks: who may connect, who the connection is, and how fast it may talk.
 * The default admits everyone (JWT validation and connection limits are off by default).
 */
@Injectable()
export class ConnectionAdmission {
  /** Called once per new socket, before any message is read. False means it was refused and closed. */
  async admit(connection: Connection, _request: IncomingMessage): Promise<boolean> {
    connection.authenticated = true;
    return Promise.resolve(true);
  }

  /** Called with the `token` of a connection's first create_session/join when it had none at connect. */
  async authenticateMessage(_connection: Connection, _token: string | undefined): Promise<boolean> {
    return Promise.resolve(true);
  }

  /** Per-message budget (messages and bytes per second); false means refuse this message. */
  allowMessage(_connection: Connection, _bytes: number): boolean {
    return true;
  }

  /** Called when the socket closes (release per-IP counters and the like). */
  release(_connection: Connection): void {}
}
