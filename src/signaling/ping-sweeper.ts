import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { PingWheel } from './ping-wheel';

/** Protocol pings, a slice of the sockets per turn: a socket that missed two in a row is dropped. */
@Injectable()
export class PingSweeper {
  private readonly pings: PingWheel<Connection>;

  constructor(
    config: AppConfig,
    private readonly registry: ConnectionRegistry,
  ) {
    this.pings = new PingWheel(config.ws.pingIntervalMs);
  }

  get sliceMs(): number {
    return this.pings.sliceMs;
  }

  sweep(): void {
    for (const connection of this.pings.turn(() => this.registry.all())) {
      if (connection.closing) {
        continue;
      }
      if (connection.missedPings >= 2) {
        connection.socket.terminate();
        continue;
      }
      connection.pinged();
      try {
        connection.socket.ping();
      } catch {
        connection.socket.terminate();
      }
    }
  }
}
