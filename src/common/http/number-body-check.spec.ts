import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min, validateSync } from 'class-validator';
import { HeartbeatHostDto } from '../../hosts/dto/heartbeat-host.dto';
import { RegisterHostDto } from '../../hosts/dto/register-host.dto';
import { compileNumberBodyCheck } from './number-body-check';

/** What the ValidationPipe decides for a body (the options of validation.pipe.ts for bodies). */
function classValidatorAccepts(dto: new () => object, body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return false;
  }
  const instance = plainToInstance(dto, body);
  return validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }).length === 0;
}

const VALID = {
  latency_ms: 35.5,
  packet_loss_percent: 0.1,
  bandwidth_usage_mbps: 12.5,
  current_players: 5,
  current_zones: 1,
};

const BODIES: unknown[] = [
  VALID,
  { ...VALID, latency_ms: 0, packet_loss_percent: 100, current_players: 100_000, current_zones: 10_000 },
  { ...VALID, latency_ms: 60_000, bandwidth_usage_mbps: 1_000_000 },
  { ...VALID, latency_ms: 60_000.001 },
  { ...VALID, latency_ms: -0.001 },
  { ...VALID, packet_loss_percent: 100.1 },
  { ...VALID, current_players: 1.5 },
  { ...VALID, current_players: -1 },
  { ...VALID, current_zones: 10_001 },
  { ...VALID, latency_ms: '35' },
  { ...VALID, latency_ms: null },
  { ...VALID, latency_ms: Number.NaN },
  { ...VALID, latency_ms: Number.POSITIVE_INFINITY },
  { ...VALID, current_players: [5] },
  { ...VALID, extra: 1 },
  { ...VALID, current_zones: undefined },
  (({ current_zones: _omitted, ...rest }) => rest)(VALID),
  (({ current_zones: _omitted, ...rest }) => ({ ...rest, other: 1 }))(VALID),
  {},
  [],
  null,
  'text',
  42,
];

describe(compileNumberBodyCheck.name, () => {
  const check = compileNumberBodyCheck(HeartbeatHostDto);

  it('should build a check for the heartbeat body', () => {
    expect(check).toBeDefined();
  });

  it.each(BODIES.map((body, i) => [i, body]))(
    'should accept body %i exactly when class-validator accepts it',
    (_i, body) => {
      const accepted = check?.(body);
      expect(accepted !== undefined).toBe(classValidatorAccepts(HeartbeatHostDto, body));
      if (accepted) {
        expect(accepted).toBeInstanceOf(HeartbeatHostDto);
        expect({ ...accepted }).toEqual(body);
      }
    },
  );

  it('should build no check for a DTO with other decorators', () => {
    expect(compileNumberBodyCheck(RegisterHostDto)).toBeUndefined();
  });

  it('should build no check when a field is optional', () => {
    class WithOptional {
      @IsNumber()
      a!: number;

      @IsOptional()
      @IsInt()
      b?: number;
    }
    expect(compileNumberBodyCheck(WithOptional)).toBeUndefined();
  });

  it('should build no check when class-transformer changes a field', () => {
    class Transformed {
      @Transform(({ value }: { value: number }) => value * 2)
      @IsNumber()
      @Min(0)
      @Max(10)
      a!: number;
    }
    expect(compileNumberBodyCheck(Transformed)).toBeUndefined();
  });

  it('should build no check when a number is limited to decimal places', () => {
    class Decimals {
      @IsNumber({ maxDecimalPlaces: 2 })
      a!: number;
    }
    expect(compileNumberBodyCheck(Decimals)).toBeUndefined();
  });
});
