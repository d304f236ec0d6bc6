/** What never reaches a log line: credentials in headers and the WebSocket's `?token=` query. */
export const REDACTED = '[redacted]';

export function redactPaths(apiKeyHeader: string): string[] {
  const headers = ['authorization', 'cookie', 'x-api-key', apiKeyHeader.toLowerCase()];
  return [...new Set(headers)]
    .flatMap((header) => [`req.headers["${header}"]`, `headers["${header}"]`])
    .concat(['res.headers["set-cookie"]']);
}

const SECRET_PARAMS = /([?&](?:token|access_token|refresh_token|api_key|apikey)=)[^&#]*/gi;

/** `/ws?peer_id=a&token=eyJ…` → `/ws?peer_id=a&token=[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, `$1${REDACTED}`);
}
