/**
 * Route groups for REST rate limiting. Keys are built from the group, never the concrete path, so
 * `/hosts/<random>` cannot create unbounded counters.
 */
export type LimitGroup = 'auth' | 'api';

const EXEMPT = /^\/(health|api\/v1\/health|metrics|docs|openapi\.json|favicon\.ico)(\/|\?|$)/;
const AUTH = /^\/api\/v1\/auth(\/|\?|$)/;
// The WebSocket upgrade has its own per-IP and per-connection limits.
const SIGNALING_WS = /^\/api\/v1\/signaling\/ws(\/|\?|$)/;

/** The group a request counts against, or undefined when it is not limited. */
export function limitGroupOf(method: string, url: string): LimitGroup | undefined {
  // A CORS preflight is never blocked: browsers would see it as a CORS failure, not a 429.
  if (method === 'OPTIONS' || EXEMPT.test(url) || SIGNALING_WS.test(url) || url === '/' || url.startsWith('/?')) {
    return undefined;
  }
  return AUTH.test(url) ? 'auth' : 'api';
}
