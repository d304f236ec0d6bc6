import { isLoopbackIp } from '../common/http/client-ip';
import type { AppConfig } from '../config/app-config';

/** How many open WebSockets one address may have, and the variable that sets it (named in refusals). */
export interface ConnectionLimit {
  limit: number;
  variable: 'WS_MAX_CONNECTIONS_PER_IP' | 'WS_MAX_CONNECTIONS_LOOPBACK';
}

/**
 * Loopback addresses have their own bucket: on a development machine the simulator's players and
 * the operator's own client all come from 127.0.0.1, and the per-address limit meant for remote
 * clients would lock the operator out (docs/security.md, "WebSocket limits").
 */
export function connectionLimitFor(
  ip: string,
  ws: Pick<AppConfig['ws'], 'maxConnectionsPerIp' | 'maxConnectionsLoopback'>,
): ConnectionLimit {
  return isLoopbackIp(ip)
    ? { limit: ws.maxConnectionsLoopback, variable: 'WS_MAX_CONNECTIONS_LOOPBACK' }
    : { limit: ws.maxConnectionsPerIp, variable: 'WS_MAX_CONNECTIONS_PER_IP' };
}

/** The refusal a client reads: what was exceeded and which variable raises it. */
export function connectionLimitMessage({ limit, variable }: ConnectionLimit): string {
  return `Too many connections from this address (${variable}=${limit})`;
}
