import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsIP,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  validate,
  ValidateNested,
  ValidationError,
} from 'class-validator';
import { fieldErrors, summarize } from './validation-messages';

class Inner {
  @IsString()
  @MaxLength(8)
  urls!: string;
}

class Body {
  @IsIP()
  @MaxLength(45)
  ip_address!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  latency_ms?: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Inner)
  servers?: Inner[];
}

const VALID = { ip_address: '192.0.2.10', port: 7000 };

async function errorsOf(body: Record<string, unknown>): Promise<ValidationError[]> {
  return validate(plainToInstance(Body, body), { whitelist: true, forbidNonWhitelisted: true });
}

describe(fieldErrors.name, () => {
  it('should say a missing required field is required, once, instead of listing its format and length rules', async () => {
    expect(fieldErrors(await errorsOf({ port: 7000 }))).toEqual([
      { field: 'ip_address', message: 'ip_address is required' },
    ]);
  });

  it('should give one message per field, the type rule before the range rules', async () => {
    expect(fieldErrors(await errorsOf({ ...VALID, port: 'seven' }))).toEqual([
      { field: 'port', message: 'port must be an integer' },
    ]);
  });

  it('should report a range rule when the type is right', async () => {
    expect(fieldErrors(await errorsOf({ ...VALID, port: 70000 }))).toEqual([
      { field: 'port', message: 'port must not be greater than 65535' },
    ]);
  });

  it('should report nothing about optional fields that were not sent', async () => {
    expect(fieldErrors(await errorsOf({ ...VALID }))).toEqual([]);
    expect(fieldErrors(await errorsOf({ ...VALID, latency_ms: 'fast' }))).toEqual([
      { field: 'latency_ms', message: 'latency_ms must be a number' },
    ]);
  });

  it('should name an unknown field', async () => {
    expect(fieldErrors(await errorsOf({ ...VALID, p2p_priorty: 3 }))).toEqual([
      { field: 'p2p_priorty', message: 'unknown field: p2p_priorty' },
    ]);
  });

  it('should give nested fields their dotted path, for missing and unknown ones too', async () => {
    expect(
      fieldErrors(await errorsOf({ ...VALID, servers: [{ urls: 'stun:a' }, {}, { urls: 'stun:b', extra: 1 }] })),
    ).toEqual([
      { field: 'servers.1.urls', message: 'servers.1.urls is required' },
      { field: 'servers.2.extra', message: 'unknown field: servers.2.extra' },
    ]);
  });

  it("should keep a hand-made error's message (it has no value, but is not about a missing field)", () => {
    const error = Object.assign(new ValidationError(), {
      property: 'body',
      constraints: { isObject: 'Validation failed (object is expected)' },
      children: [],
    });
    expect(fieldErrors([error])).toEqual([{ field: 'body', message: 'Validation failed (object is expected)' }]);
  });
});

describe(summarize.name, () => {
  it('should join the messages without repeating the field names they already start with', () => {
    expect(
      summarize([
        { field: 'ip_address', message: 'ip_address is required' },
        { field: 'port', message: 'port must be an integer' },
        { field: 'servers.0.urls', message: 'urls must be a string' },
        { field: 'zone', message: 'unknown field: zone' },
      ]),
    ).toBe(
      'Invalid request: ip_address is required; port must be an integer; servers.0.urls: urls must be a string; unknown field: zone',
    );
  });
});
