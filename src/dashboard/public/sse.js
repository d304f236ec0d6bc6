'use strict';
/*
 * The live stream (/dashboard/stream, server-sent events) read with fetch rather than EventSource:
 * an EventSource cannot send headers, so it would need the credential in its URL, where browser
 * history and proxies' logs keep it. fetch sends the same header as every other request and reads
 * the body as it arrives; reconnecting (after the server's `retry:`, 2 s) is done here.
 * The parser is pure and unit-tested under Node (src/dashboard/dashboard-sse.spec.ts).
 */
(function (root, factory) {
  const sse = factory();
  if (typeof module === 'object' && module.exports) module.exports = sse;
  else (root.Dashboard = root.Dashboard || {}).sse = sse;
})(typeof self !== 'undefined' ? self : this, function () {
  /**
   * Feeds text as it arrives (any chunking) and calls `onEvent({event, data})` for each complete
   * event, `onRetry(ms)` for a `retry:` field. Comments (`:`) and events without data are skipped.
   */
  function createParser(onEvent, onRetry) {
    let buffer = '';
    let type = '';
    let data = [];
    return function feed(text) {
      buffer += text;
      const lines = buffer.split(/\r?\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (data.length) onEvent({ event: type || 'message', data: data.join('\n') });
          type = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
        else if (field === 'retry' && /^\d+$/.test(value) && onRetry) onRetry(Number(value));
      }
    };
  }

  /**
   * Follows `url` until closed. `handlers`: `headers()` (sent on every attempt), `onOpen()`,
   * `onEvent({event, data})`, `onDown(text)` (lost; it will try again), and `onRefused({status, body})`
   * for an answer that trying again cannot change (401, 403, 404, 422 …): it stops there.
   */
  function follow(url, handlers) {
    let stopped = false;
    let retryMs = 2000;
    let controller;
    let timer;
    async function connect() {
      controller = new AbortController();
      try {
        const response = await fetch(url, {
          headers: { ...handlers.headers(), accept: 'text/event-stream' },
          cache: 'no-store',
          signal: controller.signal,
        });
        if (!response.ok) {
          const text = await response.text();
          let body = null;
          try {
            body = JSON.parse(text);
          } catch {
            body = { message: text.slice(0, 200) };
          }
          // Too many streams (429) or a node in trouble (5xx) may pass; anything else will not.
          if (response.status !== 429 && response.status < 500) {
            stopped = true;
            handlers.onRefused({ ok: false, status: response.status, body });
            return;
          }
          handlers.onDown(`HTTP ${response.status}`);
        } else {
          handlers.onOpen();
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          const feed = createParser(handlers.onEvent, (ms) => {
            retryMs = ms;
          });
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            feed(decoder.decode(value, { stream: true }));
          }
          if (!stopped) handlers.onDown('stream ended');
        }
      } catch (error) {
        if (stopped) return;
        handlers.onDown(error.message);
      }
      if (!stopped) timer = setTimeout(connect, retryMs);
    }
    connect();
    return {
      close() {
        stopped = true;
        clearTimeout(timer);
        if (controller) controller.abort();
      },
    };
  }

  return { createParser, follow };
});
