'use strict';
/*
 * The credential the page was opened with and the requests that carry it. Loaded first: app.js and
 * moderation.js both use Dashboard.withAuth (the dashboard's own routes, credential in the query) and
 * Dashboard.api (API routes under /api/v1, credential in a header).
 */
(function () {
  const Dashboard = (window.Dashboard = window.Dashboard || {});
  const page = new URLSearchParams(location.search);

  // A browser cannot send the key header on a page load or an EventSource, so the credential the
  // page was opened with is passed on as the same query parameter to the dashboard's own routes.
  const auth = new URLSearchParams();
  for (const name of ['api_key', 'access_token']) {
    if (page.get(name)) auth.set(name, page.get(name));
  }

  // API routes read the credential from headers only (fetch can send them): the key in the header
  // the coordinator names in the page (API_KEY_HEADER), an access token as a Bearer token.
  const keyMeta = document.querySelector('meta[name="api-key-header"]');
  const apiHeaders = {};
  if (page.get('api_key')) apiHeaders[(keyMeta && keyMeta.content) || 'x-api-key'] = page.get('api_key');
  if (page.get('access_token')) apiHeaders.authorization = `Bearer ${page.get('access_token')}`;
  Dashboard.apiHeaders = apiHeaders;

  /** A dashboard route with the page's credential (and `extra`) in its query string. */
  Dashboard.withAuth = function withAuth(path, extra) {
    const query = new URLSearchParams(auth);
    for (const [key, value] of Object.entries(extra || {})) query.set(key, value);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
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
   * An API request with the page's credential. Resolves with `{ok, status, body}` (body: the parsed
   * JSON, or null), never rejects: a network failure is `{ok: false, status: 0, body: {message}}`.
   */
  Dashboard.api = async function api(method, path, body) {
    const headers = { ...apiHeaders };
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
