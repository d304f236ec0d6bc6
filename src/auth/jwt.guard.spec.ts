import { AppError } from '../common/errors/app-error';
import { fakeReflector, httpContext, SPEC_KEY, specServices } from '../../test/utils/auth-spec-support';
import { JwtGuard } from './jwt.guard';
import { RouteGroup } from './route-group.decorator';

describe('JwtGuard', () => {
  const { config, credentials, tokens } = specServices({ JWT_VALIDATION_ENABLED: 'true' });
  const guard = (group: RouteGroup) => new JwtGuard(fakeReflector(group), config, credentials);
  const outcome = (group: RouteGroup, headers: Record<string, string>): string => {
    try {
      return guard(group).canActivate(httpContext(headers)) ? 'pass' : 'deny';
    } catch (error) {
      return (error as AppError).code;
    }
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const now = Math.floor(Date.now() / 1000);

  it('passes everything while JWT validation is off', () => {
    const off = specServices();
    expect(new JwtGuard(fakeReflector('client'), off.config, off.credentials).canActivate(httpContext({}))).toBe(true);
  });

  it('answers UNAUTHORIZED, INVALID_TOKEN or TOKEN_EXPIRED on client, owner and admin routes', () => {
    const expired = tokens.sign({ sub: 'p1', player_id: 'p1', type: 'access', role: 'client', jti: 'j', iat: now - 7200, exp: now - 3600 });
    for (const group of ['client', 'owner', 'admin'] as const) {
      expect(outcome(group, {})).toBe('UNAUTHORIZED');
      expect(outcome(group, { authorization: 'Bearer x.y.z' })).toBe('INVALID_TOKEN');
      expect(outcome(group, { authorization: 'Token abc' })).toBe('INVALID_TOKEN');
      expect(outcome(group, bearer(tokens.issuePair('p1', 'client').refresh))).toBe('INVALID_TOKEN');
      expect(outcome(group, bearer(expired))).toBe('TOKEN_EXPIRED');
      expect(outcome(group, bearer(tokens.issuePair('p1', 'client').access))).toBe('pass');
    }
  });

  it('lets the API key stand in for a token and leaves public routes open', () => {
    expect(outcome('client', { 'x-api-key': SPEC_KEY })).toBe('pass');
    expect(outcome('public', {})).toBe('pass');
  });

  it('exposes the caller as a principal: client with its subject, admin for the key', () => {
    const request = { headers: bearer(tokens.issuePair('p1', 'client').access) };
    expect(credentials.of(request).principal).toEqual({ role: 'client', subject: 'p1' });
    expect(credentials.of({ headers: { 'x-api-key': SPEC_KEY } }).principal).toEqual({ role: 'admin', subject: undefined });
  });
});
