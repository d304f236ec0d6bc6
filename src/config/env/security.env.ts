import { envVar } from '../env-var';

/** Security variables (see env-spec.ts). */
export const SECURITY_ENV = {
  CORS_ORIGINS: envVar.list({
    default: ['http://localhost:3000', 'http://localhost:8000', 'http://localhost:8001'],
    description: 'Allowed browser origins, comma-separated (`*` for any).',
  }),
  JWT_VALIDATION_ENABLED: envVar.bool({
    default: false,
    description: 'Require a Bearer token on client routes and the WebSocket.',
  }),
  JWT_SECRET_KEY: envVar.string({
    default: undefined,
    secret: true,
    description:
      'HMAC secret for tokens. Unset outside production: a random per-process secret (tokens do not survive a restart).',
  }),
  JWT_ALGORITHM: envVar.oneOf(['HS256', 'HS384', 'HS512'], { default: 'HS256', description: 'JWT signing algorithm.' }),
  JWT_EXPIRATION_SECONDS: envVar.int({ default: 3600, min: 60, max: 2592000, description: 'Access-token lifetime.' }),
  API_KEY_VALIDATION_ENABLED: envVar.bool({
    default: false,
    description: 'Require `COORDINATOR_API_KEY` on admin routes.',
  }),
  COORDINATOR_API_KEY: envVar.string({ default: undefined, secret: true, description: 'The admin API key.' }),
  API_KEY_HEADER: envVar.string({ default: 'X-API-Key', description: 'Header that carries the API key.' }),
  JWT_REFRESH_GRACE_SECONDS: envVar.int({
    default: 3600,
    min: 0,
    max: 604800,
    description:
      'How long after expiry an access token may still be exchanged at `/api/v1/auth/refresh` (the DLL refreshes with a just-expired token).',
  }),
  JWT_REFRESH_EXPIRATION_SECONDS: envVar.int({
    default: 604800,
    min: 60,
    max: 7776000,
    description: 'Refresh-token lifetime.',
  }),
  TRUSTED_PROXIES: envVar.list({
    default: [],
    description:
      'Proxy addresses (IPs or CIDRs, comma-separated) whose `X-Forwarded-For` is believed; empty: the socket address is the client.',
  }),
  RATE_LIMIT_ENABLED: envVar.bool({
    default: true,
    description: 'REST rate limits per client IP and per token subject.',
  }),
  RATE_LIMIT_WINDOW_SECONDS: envVar.int({
    default: 60,
    min: 1,
    max: 3600,
    description: 'Length of one rate-limit window.',
  }),
  RATE_LIMIT_AUTH_PER_MINUTE: envVar.int({
    default: 10,
    min: 1,
    max: 1000000,
    description: 'Token and refresh requests per client IP per window.',
  }),
  RATE_LIMIT_API_PER_MINUTE: envVar.int({
    default: 600,
    min: 1,
    max: 10000000,
    description: 'Other API requests per client IP, and per token subject, per window.',
  }),
};
