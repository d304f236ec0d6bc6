import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The page's files live in src/dashboard/public. tsc copies no assets, so the folder is found from
 * the project root (the nearest package.json above this file), which works the same from src/
 * under the tests and from dist/src/ after a build.
 */
export function publicDir(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'src', 'dashboard', 'public');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) {
      return candidate;
    }
    if (dirname(dir) === dir) {
      throw new Error(`Dashboard assets not found above ${start}`);
    }
  }
}

/** The files served without a credential: the scripts, styles and icon, never the page itself. */
export function publicAssets(root: string): Set<string> {
  return new Set(
    readdirSync(root)
      .filter((file) => /\.(js|css|svg)$/.test(file))
      .map((file) => `/${file}`),
  );
}

/**
 * The page's scripts and styles under /dashboard/assets/ (no secrets in them, so no key needed).
 * Only those files, by exact name: a deny-list of index.html was passed by `./index.html`, which
 * the plugin resolves to the same file (the page itself is a guarded route).
 */
export function registerDashboardAssets(fastify: FastifyInstance, root: string): void {
  const allowed = publicAssets(root);
  void fastify.register(fastifyStatic, {
    root,
    prefix: '/dashboard/assets/',
    // The Swagger UI may register the same plugin; only one may decorate the reply.
    decorateReply: false,
    index: false,
    allowedPath: (path) => allowed.has(path),
    cacheControl: true,
    maxAge: 60_000,
  });
}

/** The page itself, read once: it is served by its own route (with its headers), not by the static plugin. */
export function readIndexHtml(root: string): string {
  return readFileSync(join(root, 'index.html'), 'utf8');
}

const KEY_HEADER_META = /(<meta name="api-key-header" content=")[^"]*(")/;

/**
 * Names the API key header (API_KEY_HEADER) in the page's `<meta name="api-key-header">`: the page
 * sends the key the admin signed in with in that header, so it must know its name.
 */
export function withKeyHeader(html: string, header: string): string {
  const escaped = header.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return html.replace(KEY_HEADER_META, (_match, head: string, tail: string) => `${head}${escaped}${tail}`);
}

/**
 * The dashboard's icon, also answered at `/favicon.ico` (browsers and tools ask for it whatever the
 * page links): an SVG, which current browsers accept there when it is served as one.
 */
export function registerFavicon(fastify: FastifyInstance, root: string): void {
  const icon = readFileSync(join(root, 'favicon.svg'));
  fastify.get('/favicon.ico', (_request, reply) => {
    void reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(icon);
  });
}
