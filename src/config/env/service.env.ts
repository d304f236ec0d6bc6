import { envVar } from '../env-var';

/** Service variables (see env-spec.ts). */
export const SERVICE_ENV = {
  HOST: envVar.string({
    default: '0.0.0.0',
    fallbacks: ['P2P_SERVICE_HOST'],
    description: 'Address the HTTP and WebSocket listener binds to.',
  }),
  PORT: envVar.int({
    default: 8001,
    fallbacks: ['P2P_SERVICE_PORT'],
    min: 0,
    max: 65535,
    description: 'Port for REST, WebSocket, /metrics and the Swagger UI.',
  }),
  SERVICE_NAME: envVar.string({
    default: 'p2p-coordinator',
    fallbacks: ['P2P_SERVICE_NAME'],
    description: 'Name reported by `GET /` and `/health`.',
  }),
  SERVICE_VERSION: envVar.string({
    default: '1.0.0',
    fallbacks: ['P2P_SERVICE_VERSION'],
    description: 'Version reported by `GET /`, `/health` and OpenAPI.',
  }),
  ENVIRONMENT: envVar.oneOf(['development', 'test', 'staging', 'production'], {
    default: 'development',
    fallbacks: ['P2P_SERVICE_ENV'],
    description: '`production` enables the secret checks at start-up.',
  }),
  DEBUG: envVar.bool({ default: false, description: 'Verbose logging of framework internals.' }),
  LOG_LEVEL: envVar.oneOf(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'critical'], {
    default: 'info',
    description: 'Minimum log level (case-insensitive).',
  }),
  LOG_FORMAT: envVar.oneOf(['json', 'text'], {
    default: 'text',
    description: '`json` for one JSON object per line, `text` for readable lines.',
  }),
  NODE_ID: envVar.string({
    default: undefined,
    description: 'Identity of this node in the cluster (default: host name + random suffix).',
  }),
  SHUTDOWN_TIMEOUT_SECONDS: envVar.int({
    default: 10,
    min: 1,
    max: 600,
    description:
      'On SIGTERM the node drains (readiness off, sockets closed with 1001, in-flight requests finished) and exits 0; past this it exits anyway with a warning.',
  }),
};
