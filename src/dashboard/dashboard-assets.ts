import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
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

/** app.js and style.css under /dashboard/assets/ (no secrets in them, so no key needed). */
export function registerDashboardAssets(fastify: FastifyInstance, root: string): void {
  void fastify.register(fastifyStatic, {
    root,
    prefix: '/dashboard/assets/',
    // The Swagger UI may register the same plugin; only one may decorate the reply.
    decorateReply: false,
    index: false,
    allowedPath: (path) => path !== '/index.html',
    cacheControl: true,
    maxAge: 60_000,
  });
}

/** The page itself, read once: it is served by a guarded route, not by the static plugin. */
export function readIndexHtml(root: string): string {
  return readFileSync(join(root, 'index.html'), 'utf8');
}
