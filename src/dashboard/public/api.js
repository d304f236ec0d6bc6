'use strict';
/*
 * The admin's credential and the requests that carry it. Loaded first: every other script sends
 * its requests through Dashboard.api (or Dashboard.authHeaders for the stream and the zone's map).
 *
 * The credential (COORDINATOR_API_KEY or an admin access token) is typed into the sign-in page
 * (signin.js) and kept in sessionStorage: it lives as long as the tab, survives a reload, and is
 * never put in a URL. It travels as a header only: the key in the coordinator's API_KEY_HEADER
 * (named in `<meta name="api-key-header">`), a token as `Authorization: Bearer`.
 */
(function () {
  const Dashboard = (window.Dashboard = window.Dashboard || {});
  const STORE = 'p2p-dashboard.credential';
  const NOTICE = 'p2p-dashboard.notice';
  const keyMeta = document.querySelector('meta[name="api-key-header"]');
  const keyHeader = (keyMeta && keyMeta.content) || 'x-api-key';
  /** A JWT: three base64url parts, the first a JSON object (`{"` is `eyJ`). An API key is anything else. */
  const JWT = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

  const storage = {
    get(name) {
      try {
        return sessionStorage.getItem(name);
      } catch {
        return null;
      }
    },
    set(name, value) {
      try {
        if (value === null) sessionStorage.removeItem(name);
        else sessionStorage.setItem(name, value);
      } catch {
        // Storage off (a private mode): the credential lasts until the page is left.
      }
    },
  };

  function stored() {
    try {
      const value = JSON.parse(storage.get(STORE));
      return value && typeof value.value === 'string' && (value.kind === 'key' || value.kind === 'token') ? value : null;
    } catch {
      return null;
    }
  }

  let credential = stored();

  // Opened as /dashboard?api_key=… (or ?access_token=…): keep it for this tab, as if typed in, and
  // take it out of the address at once, so history, bookmarks and screenshots do not keep it.
  const address = new URL(location.href);
  const fromUrl = address.searchParams.get('api_key') || address.searchParams.get('access_token');
  if (address.searchParams.has('api_key') || address.searchParams.has('access_token')) {
    address.searchParams.delete('api_key');
    address.searchParams.delete('access_token');
    history.replaceState(history.state, '', `${address.pathname}${address.search}${address.hash}`);
    if (fromUrl) {
      credential = { kind: JWT.test(fromUrl) ? 'token' : 'key', value: fromUrl };
      storage.set(STORE, JSON.stringify(credential));
    }
  }

  /** What the sign-in field holds, as a credential: a token when it looks like one, else the key. */
  Dashboard.credentialOf = function credentialOf(text) {
    const value = String(text || '').trim();
    return value ? { kind: JWT.test(value) ? 'token' : 'key', value } : null;
  };

  /** The credential in use (`{kind: 'key' | 'token', value}`), or null. */
  Dashboard.credential = () => credential;

  /** Uses `next` for the following requests; `keep` also keeps it for the tab (after it was accepted). */
  Dashboard.useCredential = function useCredential(next, keep) {
    credential = next;
    if (keep || next === null) storage.set(STORE, next ? JSON.stringify(next) : null);
  };

  /** The headers that carry the credential. */
  Dashboard.authHeaders = function authHeaders() {
    if (!credential) return {};
    return credential.kind === 'token' ? { authorization: `Bearer ${credential.value}` } : { [keyHeader]: credential.value };
  };

  /** A line for the sign-in page after the next load (sign-out, a credential the coordinator stopped accepting). */
  Dashboard.takeNotice = function takeNotice() {
    const text = storage.get(NOTICE);
    storage.set(NOTICE, null);
    return text || '';
  };

  /** Forgets the credential and starts the page again on the sign-in form (every timer and stream stops with it). */
  Dashboard.signOut = function signOut(notice) {
    Dashboard.useCredential(null);
    storage.set(NOTICE, notice || 'Signed out.');
    location.reload();
  };

  /** 401 and 403: the credential is missing, wrong, expired, revoked, or a player's. */
  Dashboard.isRefusal = (result) => result.status === 401 || result.status === 403;

  /** Called when a request the page makes on its own is refused: back to the sign-in form, saying why. */
  Dashboard.credentialRefused = function credentialRefused(result) {
    Dashboard.signOut(`Signed out: ${Dashboard.refusalMessage(result)}`);
  };

  /** Why the coordinator refused the credential, in words. */
  Dashboard.refusalMessage = function refusalMessage(result) {
    const body = result.body || {};
    switch (body.code) {
      case 'INVALID_API_KEY':
        return 'wrong API key: it is not the COORDINATOR_API_KEY of this coordinator.';
      case 'FORBIDDEN':
        return 'that is a player token; the dashboard needs the API key or an admin token.';
      case 'TOKEN_EXPIRED':
        return 'the admin token has expired; mint a new one.';
      case 'TOKEN_REVOKED':
        return 'the admin token was revoked; mint a new one.';
      case 'INVALID_TOKEN':
        return 'not an access token of this coordinator (another JWT_SECRET_KEY, or cut short).';
      case 'UNAUTHORIZED':
        return 'this coordinator needs an admin credential: the API key or an admin token.';
      case 'BANNED':
        return typeof body.message === 'string' ? body.message : 'banned.';
      default:
        return result.status === 429 ? 'too many attempts; wait a minute and try again.' : Dashboard.describeError(result);
    }
  };

  /** `?a=1&b=2` from an object, leaving out empty values. */
  Dashboard.query = function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  /**
   * A request with the page's credential. Resolves with `{ok, status, body}` (body: the parsed
   * JSON, or null), never rejects: a network failure is `{ok: false, status: 0, body: {message}}`.
   * Reads are marked `X-Dashboard-Read: 1`: the coordinator logs the page's many successful reads
   * at debug rather than info (docs/dashboard.md, "Logs").
   */
  Dashboard.api = async function api(method, path, body) {
    const headers = { ...Dashboard.authHeaders() };
    if (method === 'GET') headers['x-dashboard-read'] = '1';
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      const response = await fetch(path, init);
      const text = await response.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = { message: text.slice(0, 200) };
      }
      return { ok: response.ok, status: response.status, body: parsed };
    } catch (error) {
      return { ok: false, status: 0, body: { message: error.message } };
    }
  };

  /** A failed answer as one line of text: `HTTP 404 PEER_NOT_FOUND — No such peer`. */
  Dashboard.describeError = function describeError(result) {
    if (result.status === 0) return `network error — ${(result.body && result.body.message) || 'no answer'}`;
    const body = result.body || {};
    const parts = [`HTTP ${result.status}`];
    if (typeof body.code === 'string') parts.push(body.code);
    const message = typeof body.message === 'string' ? body.message : typeof body.detail === 'string' ? body.detail : '';
    return message ? `${parts.join(' ')} — ${message}` : parts.join(' ');
  };
})();
