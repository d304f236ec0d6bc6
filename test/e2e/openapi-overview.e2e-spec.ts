import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';

/** swagger-parser runs in plain Node (its resolver is ES modules jest cannot load here). */
function validateOpenApi(document: unknown): string {
  const script =
    "require('@apidevtools/swagger-parser').validate(JSON.parse(require('fs').readFileSync(0, 'utf8'))).then(() => console.log('valid'), (e) => console.log(e.message))";
  return execFileSync(process.execPath, ['-e', script], {
    input: JSON.stringify(document),
    cwd: join(__dirname, '..', '..'),
  })
    .toString()
    .trim();
}

type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
};

/** The Swagger UI's overview shows every route players and admins use, the dashboard and the WebSocket included. */
describe('The OpenAPI document behind the Swagger UI', () => {
  let testApp: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  let document: unknown;

  beforeAll(async () => {
    testApp = await createTestApp();
    document = (await getJson(testApp.url, '/openapi.json')).body;
    paths = (document as { paths: typeof paths }).paths;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should list the dashboard routes under their own tag', () => {
    for (const path of [
      '/dashboard',
      '/dashboard/api/overview',
      '/dashboard/api/zones/{zone}/snapshot',
      '/dashboard/stream',
    ]) {
      expect({ path, tags: paths[path]?.get?.tags, summary: Boolean(paths[path]?.get?.summary) }).toEqual({
        path,
        tags: ['dashboard'],
        summary: true,
      });
    }
    expect(Object.keys(paths['/dashboard/stream'].get.responses['200'].content ?? {})).toContain('text/event-stream');
  });

  it('should describe the WebSocket signaling endpoint as an upgrade, pointing to docs/signaling.md', () => {
    const operation = paths['/api/v1/signaling/ws']?.get;
    expect(operation?.tags).toEqual(['signaling']);
    expect(Object.keys(operation?.responses ?? {})).toEqual(['101']);
    expect(operation?.description).toContain('Upgrade: websocket');
    expect(operation?.description).toContain('docs/signaling.md');
  });

  it('should still be a valid OpenAPI document', () => {
    expect(validateOpenApi(document)).toBe('valid');
  });
});
