import { ApiErrorBody } from './types';

/** A REST call the coordinator refused; `code` is its stable error code (e.g. `ZONE_NOT_FOUND`). */
export class CoordinatorApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId?: string,
  ) {
    super(message);
    this.name = 'CoordinatorApiError';
  }
}

export interface RestOptions {
  /** `http://host:port`, no path. */
  baseUrl: string;
  /** Sent in this header on every request when set (the coordinator's default: `X-API-Key`). */
  apiKey?: string;
  apiKeyHeader?: string;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * A thin JSON-over-fetch layer: one place for the base URL, the API key, the bearer token, the
 * timeout and the error shape, so the typed helpers above it stay one line each.
 */
export class RestClient {
  private readonly baseUrl: string;

  constructor(private readonly options: RestOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async request<T>(method: Method, path: string, body?: unknown, bearer?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (this.options.apiKey) {
      headers[this.options.apiKeyHeader ?? 'x-api-key'] = this.options.apiKey;
    }
    if (bearer) {
      headers.authorization = `Bearer ${bearer}`;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const error = (parsed ?? {}) as Partial<ApiErrorBody>;
      throw new CoordinatorApiError(
        response.status,
        typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
        typeof error.message === 'string' ? error.message : `${method} ${path} failed with ${response.status}`,
        error.correlation_id,
      );
    }
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
