import { Injectable, Logger } from '@nestjs/common';
import { CLOSE } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { NodeBeat } from './node-beat';
import { NoticeBatch } from './notice-batch';
import { SessionMembership } from './session-membership.service';

/** SIGTERM: tell every peer to reconnect elsewhere (1001), record their leaves, deregister the node. */
@Injectable()
export class NodeDrain {
  private readonly logger = new Logger(NodeDrain.name);

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly notices: NoticeBatch,
    private readonly membership: SessionMembership,
    private readonly beat: NodeBeat,
  ) {}

  async drain(): Promise<void> {
    const connections = [...this.registry.all()];
    this.notices.flush(); // what the peers were told before the drain still reaches them
    for (const connection of connections) {
      connection.close(CLOSE.GOING_AWAY, 'server shutting down');
    }
    // The sockets' own close events come later and find these already removed.
    await Promise.allSettled(
      connections.map((connection) => this.membership.disconnect(connection, this.registry.remove(connection))),
    );
    await this.beat.remove().catch(() => undefined);
    if (connections.length > 0) {
      this.logger.log(`Drained ${connections.length} connection(s)`);
    }
  }
}
