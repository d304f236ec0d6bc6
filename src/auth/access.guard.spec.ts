import { AppError } from '../common/errors/app-error';
import { fakeReflector, httpContext, SPEC_KEY, specServices } from '../../test/utils/auth-spec-support';
import { AccessGuard } from './access.guard';
import { principalOf } from './request-credentials';
import { RouteGroup } from './route-group.decorator';

describe(AccessGuard.name, () => {
  const setup = (env: Record<string, string>) => {
    const services = specServices(env);
    const sut = (group: RouteGroup | undefined) =>
      new AccessGuard(fakeReflector(group), services.config, services.credentials);
    const outcome = async (
      group: RouteGroup | undefined,
      headers: Record<string, string>,
      url?: string,
    ): Promise<string> => {
      try {
        return (await sut(group).canActivate(httpContext(headers, url))) ? 'pass' : 'refused';
      } catch (error) {
        return (error as AppError).code;
      }
    };
    const bearer = (role: 'client' | 'admin', subject = 'p1') => ({
      authorization: `Bearer ${services.tokens.issuePair({ subject, role }).access}`,
    });
    return { ...services, sut, outcome, bearer };
  };

  it('should refuse a player token on an admin route with FORBIDDEN, and pass an admin token or the key', async () => {
    const { outcome, bearer } = setup({ JWT_VALIDATION_ENABLED: 'true' });
    expect(await outcome('admin', bearer('client'))).toBe('FORBIDDEN');
    expect(await outcome('admin', bearer('admin', 'ops'))).toBe('pass');
    expect(await outcome('admin', { 'x-api-key': SPEC_KEY })).toBe('pass');
    expect(await outcome('client', bearer('client'))).toBe('pass');
  });

  it('should refuse a revoked token everywhere a token is needed', async () => {
    const { outcome, tokens, revocation } = setup({
      JWT_VALIDATION_ENABLED: 'true',
      API_KEY_VALIDATION_ENABLED: 'true',
    });
    const pair = tokens.issuePair({ subject: 'ops', role: 'admin' });
    const verified = tokens.verify(pair.access, { type: 'access' });
    await revocation.revokeFamily(verified.ok ? verified.claims : (undefined as never));
    expect(await outcome('client', { authorization: `Bearer ${pair.access}` })).toBe('TOKEN_REVOKED');
    expect(await outcome('admin', { authorization: `Bearer ${pair.access}` })).toBe('TOKEN_REVOKED');
  });

  it('should treat an undeclared route as admin (fail closed), except the probe and docs paths', async () => {
    const { outcome, bearer } = setup({ JWT_VALIDATION_ENABLED: 'true' });
    expect(await outcome(undefined, bearer('client'), '/api/v1/whatever')).toBe('FORBIDDEN');
    expect(await outcome(undefined, {}, '/health/ready')).toBe('pass');
  });

  it('should resolve the caller on guarded routes, for the principal decorator', async () => {
    const { sut, bearer } = setup({ JWT_VALIDATION_ENABLED: 'true' });
    const context = httpContext(bearer('client', 'alice'));
    await sut('client').canActivate(context);
    expect(principalOf(context.switchToHttp().getRequest())).toEqual({ role: 'client', subject: 'alice' });
  });

  it('should pass public routes without asking the revocation store, which may be down', async () => {
    const { outcome, bearer, store } = setup({ JWT_VALIDATION_ENABLED: 'true' });
    const isRevoked = jest.spyOn(store, 'isRevoked').mockRejectedValue(new Error('Connection is closed.'));
    expect(await outcome('public', bearer('client'))).toBe('pass');
    expect(await outcome(undefined, bearer('client'), '/health/ready')).toBe('pass');
    expect(isRevoked).not.toHaveBeenCalled();
    expect(await outcome('client', bearer('client'))).toBe('REDIS_UNAVAILABLE');
  });

  it('should verify a Bearer token once per request, for the rate limiter and the guard alike', async () => {
    const { sut, credentials, tokens, bearer } = setup({ JWT_VALIDATION_ENABLED: 'true' });
    const verify = jest.spyOn(tokens, 'verify');
    const context = httpContext(bearer('client', 'alice'));
    expect(credentials.signedSubject(context.switchToHttp().getRequest())).toBe('alice');
    await sut('client').canActivate(context);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
