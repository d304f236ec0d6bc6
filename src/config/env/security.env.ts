import type { EnvVarSpec } from '../env-spec';

/** Security variables (see env-spec.ts). */
export const SECURITY_ENV: EnvVarSpec[] = [
  { name: 'CORS_ORIGINS', kind: 'list', group: 'security', default: 'http://localhost:3000,http://localhost:8000,http://localhost:8001', description: 'Allowed browser origins, comma-separated (`*` for any).' },
  { name: 'JWT_VALIDATION_ENABLED', kind: 'bool', group: 'security', default: 'false', description: 'Require a Bearer token on client routes and the WebSocket.' },
  { name: 'JWT_SECRET_KEY', kind: 'string', group: 'security', secret: true, description: 'HMAC secret for tokens. Unset outside production: a random per-process secret (tokens do not survive a restart).' },
  { name: 'JWT_ALGORITHM', kind: 'enum', group: 'security', default: 'HS256', values: ['HS256', 'HS384', 'HS512'], description: 'JWT signing algorithm.' },
  { name: 'JWT_EXPIRATION_SECONDS', kind: 'int', group: 'security', default: '3600', min: 60, max: 2592000, description: 'Access-token lifetime.' },
  { name: 'API_KEY_VALIDATION_ENABLED', kind: 'bool', group: 'security', default: 'false', description: 'Require `COORDINATOR_API_KEY` on admin routes.' },
  { name: 'COORDINATOR_API_KEY', kind: 'string', group: 'security', secret: true, description: 'The admin API key.' },
  { name: 'API_KEY_HEADER', kind: 'string', group: 'security', default: 'X-API-Key', description: 'Header that carries the API key.' },
  { name: 'JWT_REFRESH_GRACE_SECONDS', kind: 'int', group: 'security', default: '3600', min: 0, max: 604800, description: 'How long after expiry an access token may still be exchanged at `/api/v1/auth/refresh` (the DLL refreshes with a just-expired token).' },
  { name: 'JWT_REFRESH_EXPIRATION_SECONDS', kind: 'int', group: 'security', default: '604800', min: 60, max: 7776000, description: 'Refresh-token lifetime.' },
  { name: 'TRUSTED_PROXIES', kind: 'list', group: 'security', default: '', description: 'Proxy addresses (IPs or CIDRs, comma-separated) whose `X-Forwarded-For` is believed; empty: the socket address is the client.' },
  { name: 'RATE_LIMIT_ENABLED', kind: 'bool', group: 'security', default: 'true', description: 'REST rate limits per client IP and per token subject.' },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', kind: 'int', group: 'security', default: '60', min: 1, max: 3600, description: 'Length of one rate-limit window.' },
  { name: 'RATE_LIMIT_AUTH_PER_MINUTE', kind: 'int', group: 'security', default: '10', min: 1, max: 1000000, description: 'Token and refresh requests per client IP per window.' },
  { name: 'RATE_LIMIT_API_PER_MINUTE', kind: 'int', group: 'security', default: '600', min: 1, max: 10000000, description: 'Other API requests per client IP, and per token subject, per window.' },
];
