import { AppError } from '../common/errors/app-error';
import { apiKeyMatches, bearerToken } from './api-key';
import { ApiKeyGuard } from './api-key.guard';
import { fakeReflector, httpContext, SPEC_KEY, specServices } from '../../test/utils/auth-spec-support';
import { RouteGroup } from './route-group.decorator';

function outcome(guard: ApiKeyGuard, group: RouteGroup | undefined, headers: Record<string, string>, url?: string): string {
  try {
    return guard.canActivate(httpContext(headers, url)) ? 'pass' : 'deny';
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('ApiKeyGuard', () => {
  const on = (jwt = false) => {
    const { config, credentials } = specServices({ API_KEY_VALIDATION_ENABLED: 'true', JWT_VALIDATION_ENABLED: String(jwt) });
    return (group: RouteGroup | undefined) => new ApiKeyGuard(fakeReflector(group), config, credentials);
  };

  it('passes everything while key validation is off', () => {
    const { config, credentials } = specServices();
    expect(outcome(new ApiKeyGuard(fakeReflector('admin'), config, credentials), 'admin', {})).toBe('pass');
  });

  it('requires the key on admin routes: missing → UNAUTHORIZED, wrong → INVALID_API_KEY', () => {
    const guard = on()('admin');
    expect(outcome(guard, 'admin', {})).toBe('UNAUTHORIZED');
    expect(outcome(guard, 'admin', { 'x-api-key': 'nope' })).toBe('INVALID_API_KEY');
    expect(outcome(guard, 'admin', { 'x-api-key': SPEC_KEY })).toBe('pass');
  });

  it('accepts an admin token instead of the key, not a client token', () => {
    const { tokens } = specServices();
    const guard = on()('admin');
    expect(outcome(guard, 'admin', { authorization: `Bearer ${tokens.issuePair('ops', 'admin').access}` })).toBe('pass');
    expect(outcome(guard, 'admin', { authorization: `Bearer ${tokens.issuePair('p1', 'client').access}` })).toBe('UNAUTHORIZED');
  });

  it('leaves client and public routes alone; owner routes need the key only without JWT', () => {
    expect(outcome(on()('client'), 'client', {})).toBe('pass');
    expect(outcome(on()('public'), 'public', {})).toBe('pass');
    expect(outcome(on(false)('owner'), 'owner', {})).toBe('UNAUTHORIZED');
    expect(outcome(on(true)('owner'), 'owner', {})).toBe('pass');
  });

  it('fails closed on undeclared routes except probes, metrics and docs', () => {
    expect(outcome(on()(undefined), undefined, {}, '/api/v1/new-thing')).toBe('UNAUTHORIZED');
    expect(outcome(on()(undefined), undefined, {}, '/health/ready')).toBe('pass');
    expect(outcome(on()(undefined), undefined, {}, '/metrics')).toBe('pass');
  });
});

describe('apiKeyMatches and bearerToken', () => {
  it('compares keys of any length without throwing', () => {
    expect(apiKeyMatches(SPEC_KEY, SPEC_KEY)).toBe(true);
    expect(apiKeyMatches(`${SPEC_KEY}x`, SPEC_KEY)).toBe(false);
    expect(apiKeyMatches('', SPEC_KEY)).toBe(false);
    expect(apiKeyMatches(SPEC_KEY, undefined)).toBe(false);
    expect(apiKeyMatches(['a'], SPEC_KEY)).toBe(false);
  });

  it('reads a Bearer token case-insensitively and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
