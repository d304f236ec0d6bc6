import { CLOSE } from './connection';

/**
 * Server-initiated closes after which the peer keeps its seat through the reconnection grace: the
 * node is going away (a drain: the client reconnects elsewhere) or failed on its own (1011). Every
 * other close the server makes — a kick or ban, a policy or size violation, a replaced connection,
 * an identification timeout — is the peer's own doing or already handled, and leaves at once.
 */
const SERVER_CLOSES_KEEPING_SEAT: ReadonlySet<number> = new Set([CLOSE.GOING_AWAY, CLOSE.INTERNAL]);

/** A client that closes with 1000, or with no status (1005), closed on purpose: it left. */
const CLIENT_LEAVES: ReadonlySet<number> = new Set([CLOSE.NORMAL, 1005]);

/**
 * Whether a closed connection's seat is held for the reconnection grace rather than given up now.
 * `serverCode`: the code this node closed the socket with, if it did; `clientCode`: the code the
 * close event reported (1006 when the connection just dropped, as after missed pings).
 */
export function keepsSeat(serverCode: number | undefined, clientCode: number | undefined): boolean {
  if (serverCode !== undefined) {
    return SERVER_CLOSES_KEEPING_SEAT.has(serverCode);
  }
  return clientCode === undefined || !CLIENT_LEAVES.has(clientCode);
}
