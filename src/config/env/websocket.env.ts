import { envVar } from '../env-var';

/** Websocket variables (see env-spec.ts). */
export const WEBSOCKET_ENV = {
  WS_MAX_MESSAGE_BYTES: envVar.int({
    default: 65536,
    min: 1024,
    max: 16777216,
    description: 'Largest WebSocket message accepted; bigger ones close the socket with 1009.',
  }),
  WS_IDENTIFY_GRACE_MS: envVar.int({
    default: 8000,
    min: 100,
    max: 600000,
    description:
      'A socket that has not sent `create_session`/`join` (or `?peer_id=`) by then is closed, so the DLL reconnects.',
  }),
  WS_PING_INTERVAL_MS: envVar.int({
    default: 25000,
    min: 100,
    max: 600000,
    description: 'Protocol ping interval; a socket that misses two pings is dropped.',
  }),
  WS_MAX_BUFFERED_BYTES: envVar.int({
    default: 1048576,
    min: 1024,
    max: 268435456,
    description: 'A peer whose unsent data exceeds this is disconnected (slow consumer).',
  }),
  RECONNECT_GRACE_SECONDS: envVar.int({
    default: 20,
    min: 0,
    max: 300,
    description:
      'A peer whose connection drops (network loss, missed pings, a node restarting or dying) keeps its seat for this long and is not announced as gone; when it comes back with the same identity, on any node, it resumes without `peer_left`/`peer_joined` for the others. A clean close by the client (1000, or no code) and a kick or policy close leave at once. 0 turns it off.',
  }),
  WS_NOTICE_BATCH_MS: envVar.int({
    default: 20,
    min: 0,
    max: 1000,
    description:
      'Session notices (`peer_joined`, `peer_left`) to a peer are gathered for up to this long and written together, so a join storm costs each member one write per window instead of one per join; 0 writes each at once.',
  }),
  WS_ABUSE_LIMIT: envVar.int({
    default: 20,
    min: 1,
    max: 100000,
    description: 'More rejected messages or frames than this within `WS_ABUSE_WINDOW_MS` closes the socket with 1008.',
  }),
  WS_MAX_CONNECTIONS_PER_IP: envVar.int({
    default: 50,
    min: 1,
    max: 1000000,
    description:
      'Open WebSocket connections allowed per client IP on one node; more are refused with 1008. Loopback addresses have their own limit, `WS_MAX_CONNECTIONS_LOOPBACK`.',
  }),
  WS_MAX_CONNECTIONS_LOOPBACK: envVar.int({
    default: undefined,
    min: 1,
    max: 1000000,
    description:
      'Open WebSocket connections allowed from loopback addresses (127.0.0.0/8, ::1) on one node, so the simulator and the operator on the same machine fit together. Unset: 6000 with `ENVIRONMENT` `development` or `test`, else `WS_MAX_CONNECTIONS_PER_IP`.',
  }),
  WS_MESSAGES_PER_SECOND: envVar.int({
    default: 50,
    min: 1,
    max: 1000000,
    description: 'Messages a connection may send per second (token bucket).',
  }),
  WS_MESSAGE_BURST: envVar.int({
    default: 100,
    min: 1,
    max: 1000000,
    description: 'Burst size of the per-connection message bucket.',
  }),
  WS_BYTES_PER_SECOND: envVar.int({
    default: 262144,
    min: 1024,
    max: 1073741824,
    description: 'Bytes a connection may send per second (token bucket).',
  }),
  WS_BYTES_BURST: envVar.int({
    default: 1048576,
    min: 1024,
    max: 1073741824,
    description: 'Burst size of the per-connection byte bucket.',
  }),
  WS_ABUSE_WINDOW_MS: envVar.int({
    default: 10000,
    min: 100,
    max: 3600000,
    description: 'Window for `WS_ABUSE_LIMIT`.',
  }),
  TLS_CERT_FILE: envVar.string({
    default: undefined,
    description:
      'PEM certificate (chain); with `TLS_KEY_FILE`, REST and WebSocket are also served over TLS 1.2/1.3 on `TLS_PORT`.',
  }),
  TLS_KEY_FILE: envVar.string({
    default: undefined,
    secret: true,
    description: 'PEM private key for `TLS_CERT_FILE`.',
  }),
  TLS_PORT: envVar.int({
    default: 8443,
    min: 0,
    max: 65535,
    description: 'TLS listener port (the DLL always speaks TLS 1.2 on its WebSocket).',
  }),
  TLS_RELOAD_INTERVAL_SECONDS: envVar.int({
    default: 30,
    min: 0,
    max: 86400,
    description:
      'How often `TLS_CERT_FILE` / `TLS_KEY_FILE` are read for a renewed pair, served to new connections without a restart (0: never).',
  }),
};
