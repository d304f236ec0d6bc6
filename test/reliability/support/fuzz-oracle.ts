import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { ERROR_STATUS } from '../../../src/common/errors/error-codes';
import { BODY_LIMIT_BYTES } from '../../../src/common/http/json-body-parser';
import type { FuzzRequest } from './openapi-fuzz';

/**
 * Sends fuzzed requests as raw bytes (node:http, so invalid UTF-8 and any content type reach the
 * server unchanged) and judges every answer: never a 5xx or no answer at all, every 4xx in the
 * project's error shape, and never a stack trace or other internals in any body.
 */
export interface FuzzResponse {
  status?: number;
  body: string;
  error?: string;
}

export function send(base: URL, req: FuzzRequest, agent: Agent, timeoutMs: number): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) };
    let settled = false;
    const finish = (response: FuzzResponse): void => {
      if (!settled) {
        settled = true;
        resolve(response);
      }
    };
    try {
      const outgoing = request(
        {
          host: base.hostname,
          port: base.port,
          method: req.method,
          path: req.path,
          headers,
          agent,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') });
            if (!outgoing.writableFinished) {
              outgoing.destroy(); // answered before the body was sent: that connection is done
            }
          });
          res.on('error', (error) =>
            finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), error: error.message }),
          );
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      outgoing.on('error', (error) => finish({ body: '', error: error.message }));
      if (req.body && req.body.length > BODY_LIMIT_BYTES) {
        // The server answers 413 from the headers and closes; writing the body first would race
        // that answer (EPIPE). The body follows only if no answer came.
        outgoing.flushHeaders();
        const late = setTimeout(() => outgoing.end(req.body), 2_000);
        outgoing.once('response', () => clearTimeout(late));
        outgoing.once('close', () => clearTimeout(late));
      } else {
        outgoing.end(req.body);
      }
    } catch (error) {
      // node:http refused to send it (an illegal header or path): a generator bug, reported as such.
      finish({ body: '', error: `not sent: ${(error as Error).message}` });
    }
  });
}

/**
 * Raw bytes on a fresh connection, for requests node:http refuses to send (bytes outside ASCII in
 * the request line, a broken version, smuggling headers): Node's parser rejects them before Fastify.
 */
export function sendRaw(base: URL, bytes: Buffer, timeoutMs: number): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(base.port), base.hostname, () => socket.end(bytes));
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer: the answer is what counts
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1];
      const split = text.indexOf('\r\n\r\n');
      resolve(
        status
          ? { status: Number(status), body: split < 0 ? '' : text.slice(split + 4) }
          : { body: text, error: 'no HTTP answer' },
      );
    });
  });
}

/** What a stack trace or an internal error looks like in a body (Node frames, source paths, SQL). */
const INTERNALS: [string, RegExp][] = [
  ['stack frame', /\n\s+at \S/],
  ['stack frame', /\bat [\w$.<>]+ \([^)]*:\d+:\d+\)/],
  ['source position', /\.(?:ts|js|mjs|cjs):\d+/],
  ['node_modules path', /node_modules/],
  ['error class with trace', /\b\w*(?:Error|Exception): [^\n]*\n/],
  ['SQL text', /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[^"]*\b(?:FROM|VALUES|SET|WHERE)\b/],
  ['driver error', /QueryFailedError|duplicate key value|violates .* constraint|relation "\w+"/],
];

export type Verdict = { stackTrace: boolean; problems: string[]; code?: string };

/** Problems with one answer; an empty list means the server handled the input properly. */
export function judge(response: FuzzResponse): Verdict {
  const problems: string[] = [];
  const { status, body } = response;
  if (status === undefined) {
    return { stackTrace: false, problems: [`no answer (${response.error ?? 'unknown'})`] };
  }
  if (status >= 500) {
    problems.push(`status ${status}`);
  }
  const leaks = INTERNALS.filter(([, pattern]) => pattern.test(body)).map(([name]) => name);
  problems.push(...leaks.map((name) => `body shows a ${name}`));
  let code: unknown;
  if (status >= 400) {
    let parsed: { code?: unknown; status_code?: unknown; stack?: unknown } | undefined;
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      problems.push('error body is not JSON');
    }
    code = parsed?.code;
    if (parsed && (typeof code !== 'string' || !(code in ERROR_STATUS))) {
      problems.push(`error code ${JSON.stringify(code)} is not in the vocabulary`);
    } else if (parsed && ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status) {
      problems.push(`error code ${String(code)} does not belong with status ${status}`);
    }
    if (parsed && (parsed.status_code !== status || 'stack' in parsed)) {
      problems.push('error body has a wrong status_code or a stack field');
    }
  }
  return { stackTrace: leaks.length > 0, problems, code: status >= 400 ? (code as string | undefined) : undefined };
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      await task(items[next++]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Failures grouped by what went wrong, with the kinds of input and one example each (the report stays readable). */
export class Failures {
  private readonly groups = new Map<string, { count: number; kinds: Set<string>; example: string }>();

  add(req: FuzzRequest, problems: string[], response: FuzzResponse): void {
    const key = problems.join('; ');
    const group = this.groups.get(key) ?? {
      count: 0,
      kinds: new Set<string>(),
      example: `${describeRequest(req)} → ${response.status ?? response.error} ${response.body.slice(0, 240)}`,
    };
    group.count += 1;
    group.kinds.add(req.kind.split('/')[0]);
    this.groups.set(key, group);
  }

  get total(): number {
    return [...this.groups.values()].reduce((sum, group) => sum + group.count, 0);
  }

  report(): string[] {
    return [...this.groups.entries()].map(
      ([key, { count, kinds, example }]) => `${count}× ${key} (${[...kinds].join(', ')} bodies), e.g. ${example}`,
    );
  }
}

function describeRequest(req: FuzzRequest): string {
  return `${req.op} [${req.kind}] ${req.method} ${req.path.slice(0, 160)} ${req.headers['content-type'] ?? ''} body ${req.body ? `${req.body.length} B: ${req.body.subarray(0, 80).toString('latin1')}` : 'none'}`;
}
