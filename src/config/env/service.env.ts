import type { EnvVarSpec } from '../env-spec';

/** Service variables (see env-spec.ts). */
export const SERVICE_ENV: EnvVarSpec[] = [
  { name: 'HOST', kind: 'string', group: 'service', default: '0.0.0.0', fallbacks: ['P2P_SERVICE_HOST'], description: 'Address the HTTP and WebSocket listener binds to.' },
  { name: 'PORT', kind: 'int', group: 'service', default: '8001', fallbacks: ['P2P_SERVICE_PORT'], min: 0, max: 65535, description: 'Port for REST, WebSocket, /metrics and the Swagger UI.' },
  { name: 'SERVICE_NAME', kind: 'string', group: 'service', default: 'p2p-coordinator', fallbacks: ['P2P_SERVICE_NAME'], description: 'Name reported by `GET /` and `/health`.' },
  { name: 'SERVICE_VERSION', kind: 'string', group: 'service', default: '1.0.0', fallbacks: ['P2P_SERVICE_VERSION'], description: 'Version reported by `GET /`, `/health` and OpenAPI.' },
  { name: 'ENVIRONMENT', kind: 'enum', group: 'service', default: 'development', fallbacks: ['P2P_SERVICE_ENV'], values: ['development', 'test', 'staging', 'production'], description: '`production` enables the secret checks at start-up.' },
  { name: 'DEBUG', kind: 'bool', group: 'service', default: 'false', description: 'Verbose logging of framework internals.' },
  { name: 'LOG_LEVEL', kind: 'enum', group: 'service', default: 'info', values: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'critical'], description: 'Minimum log level (case-insensitive).' },
  { name: 'LOG_FORMAT', kind: 'enum', group: 'service', default: 'text', values: ['json', 'text'], description: '`json` for one JSON object per line, `text` for readable lines.' },
  { name: 'NODE_ID', kind: 'string', group: 'service', description: 'Identity of this node in the cluster (default: host name + random suffix).' },
  { name: 'SHUTDOWN_TIMEOUT_SECONDS', kind: 'int', group: 'service', default: '10', min: 1, max: 600, description: 'On SIGTERM the node drains (readiness off, sockets closed with 1001, in-flight requests finished) and exits 0; past this it exits anyway with a warning.' },
];
