/**
 * Client-address resolution lives in common/http/client-ip (auth, identity, rate-limit and signaling
 * all need it, and rate-limit itself depends on auth). This re-export keeps the signaling gateway's
 * import working until it takes the address helpers from common; nothing else may use it.
 */
export { canonicalIp, ClientIpResolver, normaliseIp } from '../common/http/client-ip';
