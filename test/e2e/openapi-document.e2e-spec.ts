import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';

/**
 * A DTO property typed `string | null` or `number | null` reaches the OpenAPI generator as `Object`
 * unless its decorator names the type, and comes out as `{"type": "object"}`: `public_ip` and
 * `max_players` did. Every schema in the document must say what it holds.
 */
type Schema = Record<string, unknown>;

const SHAPES = ['properties', 'additionalProperties', '$ref', 'oneOf', 'anyOf', 'allOf'];

/** JSON paths of the object schemas that describe nothing (no properties, no map, no reference). */
export function shapelessObjects(node: unknown, path = '$'): string[] {
  if (node === null || typeof node !== 'object') {
    return [];
  }
  if (Array.isArray(node)) {
    return node.flatMap((item, index) => shapelessObjects(item, `${path}[${index}]`));
  }
  const schema = node as Schema;
  const own = schema.type === 'object' && !SHAPES.some((key) => key in schema) ? [path] : [];
  // An example is a value, not a schema: `{"error": {}}` in one is fine.
  return own.concat(
    Object.entries(schema)
      .filter(([key]) => key !== 'example' && key !== 'examples')
      .flatMap(([key, value]) => shapelessObjects(value, `${path}.${key}`)),
  );
}

describe('The OpenAPI document', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('should find a shapeless object schema where there is one (the check itself)', () => {
    const document = {
      components: {
        schemas: {
          Host: {
            type: 'object',
            properties: { public_ip: { type: 'object', nullable: true }, port: { type: 'integer' } },
            example: { extra: {} },
          },
          Map: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    };
    expect(shapelessObjects(document)).toEqual(['$.components.schemas.Host.properties.public_ip']);
  });

  it('should give every property a real type: no object schema without properties', async () => {
    const { status, body } = await getJson(testApp.url, '/openapi.json');
    expect(status).toBe(200);
    expect(shapelessObjects(body)).toEqual([]);
  });

  it('should type the nullable host and zone fields as what they hold', async () => {
    const { body } = await getJson(testApp.url, '/openapi.json');
    const host = body.components.schemas.RegisterHostDto.properties;
    expect(host.public_ip).toMatchObject({ type: 'string', nullable: true });
    expect(host.max_players).toMatchObject({ type: 'integer', nullable: true });
    const zone = body.components.schemas.CreateZoneDto.properties;
    expect(zone.max_players).toMatchObject({ type: 'integer', nullable: true });
    expect(zone.p2p_enabled).toMatchObject({ type: 'boolean', nullable: true });
    expect(zone.min_host_quality_score).toMatchObject({ type: 'number', nullable: true });
  });

  it('should document the extra fields the earlier clients send as accepted and ignored', async () => {
    const { body } = await getJson(testApp.url, '/openapi.json');
    expect(body.components.schemas.RegisterHostDto.properties.nat_type.description).toMatch(/^Accepted and ignored/);
    expect(body.components.schemas.CreateZoneDto.properties.status.description).toMatch(/^Accepted and ignored/);
  });
});
