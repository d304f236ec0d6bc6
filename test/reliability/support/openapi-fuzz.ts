import fc from 'fast-check';

/**
 * Requests generated from the app's own OpenAPI document: every path and method, with wrong
 * types, huge and unicode strings, path traversal, deep JSON, invalid UTF-8, wrong content types.
 * The document drives it, so a new route is fuzzed without touching the test.
 */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  $ref?: string;
}
interface Param {
  name: string;
  in: string;
  schema?: Schema;
}
export interface Operation {
  key: string;
  method: string;
  path: string;
  params: Param[];
  body?: Schema;
}
export interface FuzzRequest {
  op: string;
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}
/** Real ids (fixtures) by parameter name, so some requests get past "not found" to the handler. */
export type Known = Record<string, string[]>;

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Param[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

/** A WebSocket upgrade or an event stream stays open by design: not a request/response to fuzz. */
const longLived = (op: Doc['paths'][string][string]): boolean =>
  Object.entries(op.responses ?? {}).some(
    ([status, response]) => status === '101' || Object.hasOwn(response.content ?? {}, 'text/event-stream'),
  );

export function operationsOf(doc: Doc): Operation[] {
  const resolve = (schema?: Schema): Schema | undefined =>
    schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => !longLived(op))
      .map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
      })),
  );
}

const HUGE = 1_000_000;
/** Every byte outside the unreserved set percent-encoded; lone surrogates become U+FFFD, never a throw. */
const encode = (text: string): string =>
  Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^A-Za-z0-9_.~-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
const JUNK_SEGMENTS = [
  '..',
  '.',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e',
  '..%5c..%5c',
  '%',
  '%zz',
  '%ff',
  '%fe%ff',
  '%E2%80',
  '%C0%AF',
  '%ED%A0%80',
  '%00',
  '%0d%0a',
  '%20',
  '-1',
  '0',
  '1.5',
  '1e309',
  '99999999999999999999',
  '9007199254740993',
  'NaN',
  'null',
  'true',
  '%7B%7D',
  '%5B%5D',
  '__proto__',
  'constructor',
  "'%20OR%201%3D1--",
  '%3Cscript%3E',
];
const WRONG_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  -0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  '',
  'x',
  '0',
  'true',
  '2147483648',
  true,
  false,
  [],
  [1, 'a'],
  {},
  { a: { b: 1 } },
  '\u0000',
  '\ud800',
  '🙂'.repeat(64),
  '%s%n',
  "' OR 1=1--",
  '../../etc/passwd',
  'x'.repeat(10_000),
];
const NOT_JSON = [
  'NaN',
  "{'a':1}",
  '{"a":1,}',
  'undefined',
  '\u0000',
  '{',
  '[1,2',
  '"unterminated',
  '{"a":01}',
  '1e99999',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  'true false',
];
const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
];
const CONTENT_TYPES = [
  'application/json; charset=latin1',
  'application/json; charset=utf-16le',
  'APPLICATION/JSON',
  'application/json;;',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/vnd.api+json',
  'json',
  ';',
];

const unicode = fc.string({ unit: 'binary', maxLength: 40 });
const junkText = fc.oneof(
  fc.constantFrom(...JUNK_SEGMENTS),
  unicode.map(encode),
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
  fc.integer({ min: 65, max: 20_000 }).map((n) => 'a'.repeat(n)),
  fc.double().map((n) => encode(String(n))),
);

function exampleOf(name: string, schema: Schema, known: Known): unknown {
  if (known[name]) {
    return known[name][0];
  }
  return (
    schema.example ??
    schema.enum?.[0] ??
    (
      { string: 'fuzz', number: schema.minimum ?? 1, integer: schema.minimum ?? 1, boolean: true, array: [] } as Record<
        string,
        unknown
      >
    )[schema.type ?? ''] ??
    {}
  );
}

export function validBody(schema: Schema, known: Known): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, prop]) => [name, exampleOf(name, prop, known)]),
  );
}

function deep(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A valid body with a few bytes replaced (the single-byte mutations ws-fuzz uses on frames). */
function flipBytes(body: Buffer, flips: [number, number][]): Buffer {
  const copy = Buffer.from(body);
  for (const [index, byte] of flips) {
    copy[index % copy.length] = byte;
  }
  return copy;
}

/** Bodies for one schema (or none): JSON text or raw bytes, with the content type to send them as. */
function bodyArb(
  schema: Schema | undefined,
  known: Known,
): fc.Arbitrary<{ kind: string; body?: Buffer; type?: string }> {
  const props = Object.keys(schema?.properties ?? {});
  const valid = schema ? validBody(schema, known) : {};
  const json = (kind: string, value: unknown): { kind: string; body: Buffer; type: string } => ({
    kind,
    body: Buffer.from(JSON.stringify(value)),
    type: 'application/json',
  });
  const prop = props.length > 0 ? fc.constantFrom(...props) : fc.constant('x');
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(json('valid', valid)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(prop, fc.oneof(fc.constantFrom(...WRONG_VALUES), fc.jsonValue({ maxDepth: 3 })))
        .map(([p, v]) => json('wrong-type', { ...valid, [p]: v })),
    },
    {
      weight: 2,
      arbitrary: fc
        .subarray(props)
        .map((drop) => json('missing', Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k))))),
    },
    {
      weight: 2,
      arbitrary: fc
        .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
        .map((extra) => json('extra', { ...extra, ...valid })),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => json('any-json', v)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(prop, fc.constantFrom(HUGE - 64, HUGE + 100_000))
        .map(([p, n]) => json('huge', { ...valid, [p]: 'x'.repeat(n) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(400_000, 10_000, 200, 33),
          fc.constantFrom<'array' | 'object'>('array', 'object'),
          prop,
          fc.boolean(),
        )
        .map(([d, k, p, inside]) => ({
          kind: 'deep',
          type: 'application/json',
          body: Buffer.from(
            inside
              ? `{"${p}":${deep(k === 'object' ? Math.min(d, 100_000) : d, k)}}`
              : deep(k === 'object' ? Math.min(d, 100_000) : d, k),
          ),
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })
        .map((flips) => ({
          kind: 'mutated',
          type: 'application/json',
          body: flipBytes(Buffer.from(JSON.stringify(valid)), flips),
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...NOT_JSON),
          fc.string({ maxLength: 60 }),
          fc.nat(200).map((n) => JSON.stringify(valid).slice(0, n)),
        )
        .map((text) => ({ kind: 'not-json', type: 'application/json', body: Buffer.from(text) })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(prop, fc.constantFrom(...BAD_UTF8), fc.boolean()).map(([p, bytes, inKey]) => ({
        kind: 'bad-utf8',
        type: 'application/json',
        body: Buffer.concat([
          Buffer.from(inKey ? '{"' : `{"${p}":"`),
          Buffer.from(bytes),
          Buffer.from(inKey ? '":1}' : '"}'),
        ]),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 64 })
        .map((b) => ({ kind: 'bad-utf8', type: 'application/json', body: Buffer.from(b) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...CONTENT_TYPES)
        .map((type) => ({ kind: 'content-type', type, body: Buffer.from(JSON.stringify(valid)) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom({ kind: 'empty', type: 'application/json', body: Buffer.alloc(0) }, { kind: 'empty' }),
    },
  );
}

function queryArb(params: Param[], known: Known): fc.Arbitrary<string> {
  const pair = (name: string, schema: Schema | undefined): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constant(`${name}=${encode(String(exampleOf(name, schema ?? {}, known)))}`),
      junkText.map((v) => `${name}=${v}`),
      fc.constantFrom(...WRONG_VALUES.slice(0, 16)).map((v) => `${name}=${encode(JSON.stringify(v))}`),
      fc.constantFrom(
        `${name}=a&${name}=b`,
        `${name}[]=1&${name}[]=2`,
        `${name}[a]=1`,
        name,
        `${name}=`,
        `${name}.x=1`,
      ),
    );
  const own = params.filter((p) => p.in === 'query').map((p) => fc.option(pair(p.name, p.schema), { nil: undefined }));
  const extra = fc.option(
    fc.tuple(junkText, junkText).map(([k, v]) => `${k}=${v}`),
    { nil: undefined },
  );
  return fc.tuple(extra, ...own).map((pairs) => pairs.filter((p): p is string => p !== undefined).join('&'));
}

/** Credential headers by name: the first is chosen most often, the second next (valid ones go first, so most requests reach the handlers). */
export type Auth = Record<string, Record<string, string>>;

/** One operation's requests: its own method mostly, its path with fuzzed segments, query and body. */
export function requestArb(op: Operation, known: Known, auth: Auth): fc.Arbitrary<FuzzRequest> {
  const segments = op.params
    .filter((p) => p.in === 'path')
    .map((p) =>
      fc
        .oneof(
          { weight: 2, arbitrary: fc.constantFrom(...(known[p.name] ?? ['fuzz'])) },
          { weight: 3, arbitrary: junkText },
        )
        .map((v) => [p.name, v] as const),
    );
  const method = fc.oneof(
    { weight: 19, arbitrary: fc.constant(op.method) },
    fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  );
  const requestId = fc.option(fc.oneof(junkText, fc.constant('x'.repeat(100))), { nil: undefined, freq: 4 });
  return fc
    .record({
      method,
      path: fc.tuple(...segments),
      query: queryArb(op.params, known),
      body: bodyArb(op.body, known),
      auth: fc.oneof(
        ...Object.keys(auth).map((name, i) => ({
          weight: i === 0 ? 6 : i === 1 ? 3 : 1,
          arbitrary: fc.constant(name),
        })),
      ),
      requestId,
    })
    .map((r) => {
      const path = r.path.reduce((p, [name, value]) => p.replace(`{${name}}`, value), op.path);
      const headers: Record<string, string> = {
        ...auth[r.auth],
        ...(r.body.type !== undefined ? { 'content-type': r.body.type } : {}),
        ...(r.requestId ? { 'x-request-id': r.requestId.slice(0, 200) } : {}),
      };
      return {
        op: op.key,
        kind: `${r.body.kind}/${r.auth}`,
        method: r.method,
        path: r.query ? `${path}?${r.query}` : path,
        headers,
        body: r.body.body,
      };
    });
}
