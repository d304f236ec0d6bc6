import { Dialect } from '@ro-p2p/contract';

/**
 * The signaling URL of one connection attempt. Reference clients identify in the query
 * (`?peer_id=`), as the earlier coordinator required; the DLL dialect identifies in its first
 * create_session. A token, when held, goes in `?token=` for either dialect.
 */
export function signalingUrl(
  restBase: string,
  wsUrl: string | undefined,
  dialect: Dialect,
  peerId: string,
  token: string | undefined,
): string {
  const base = wsUrl ?? `${restBase.replace(/^http/, 'ws').replace(/\/+$/, '')}/api/v1/signaling/ws`;
  const query = new URLSearchParams();
  if (dialect === 'reference') {
    query.set('peer_id', peerId);
  }
  if (token) {
    query.set('token', token);
  }
  const qs = query.toString();
  return qs ? `${base}${base.includes('?') ? '&' : '?'}${qs}` : base;
}
