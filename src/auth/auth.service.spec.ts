import { AppError } from '../common/errors/app-error';
import { AuthService } from './auth.service';
import { SPEC_KEY, specServices } from '../../test/utils/auth-spec-support';

const codeOf = (work: () => unknown): string => {
  try {
    work();
    return 'ok';
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('AuthService', () => {
  const make = (env: Record<string, string> = {}) => {
    const { config, tokens } = specServices(env);
    return { service: new AuthService(config, tokens), tokens };
  };

  it('accepts peer_id or player_id (equal when both) and answers token === access_token', () => {
    const { service, tokens } = make();
    const answer = service.issue({ peer_id: '150001', client_version: '1.0.0', timestamp: 1 }, undefined);
    expect(answer.token).toBe(answer.access_token);
    expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(tokens.verify(answer.token, { type: 'access' })).toMatchObject({ ok: true, claims: { sub: '150001', role: 'client' } });
    expect(codeOf(() => service.issue({ player_id: 'a', peer_id: 'a' }, undefined))).toBe('ok');
    expect(codeOf(() => service.issue({ player_id: 'a', peer_id: 'b' }, undefined))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => service.issue({}, undefined))).toBe('VALIDATION_FAILED');
  });

  it('gives role admin for the valid key even while key validation is off, client otherwise', () => {
    const { service, tokens } = make();
    const admin = service.issue({ player_id: 'ops', api_key: SPEC_KEY }, undefined);
    expect(tokens.verify(admin.token, { type: 'access' })).toMatchObject({ claims: { role: 'admin' } });
    const wrong = service.issue({ player_id: 'p', api_key: 'nope' }, undefined);
    expect(tokens.verify(wrong.token, { type: 'access' })).toMatchObject({ claims: { role: 'client' } });
  });

  it('requires the key (header first, then body) while key validation is on', () => {
    const { service } = make({ API_KEY_VALIDATION_ENABLED: 'true' });
    expect(codeOf(() => service.issue({ player_id: 'p' }, undefined))).toBe('UNAUTHORIZED');
    expect(codeOf(() => service.issue({ player_id: 'p', api_key: 'nope' }, undefined))).toBe('INVALID_API_KEY');
    expect(codeOf(() => service.issue({ player_id: 'p' }, SPEC_KEY))).toBe('ok');
    expect(codeOf(() => service.issue({ player_id: 'p', api_key: SPEC_KEY }, undefined))).toBe('ok');
  });

  it('refreshes from a body refresh token or a Bearer access token, never crossing the types', () => {
    const { service } = make();
    const issued = service.issue({ player_id: 'p' }, undefined);
    expect(codeOf(() => service.refresh({ refresh_token: issued.refresh_token }, undefined))).toBe('ok');
    expect(codeOf(() => service.refresh({}, `Bearer ${issued.access_token}`))).toBe('ok');
    expect(codeOf(() => service.refresh({ refresh_token: issued.access_token }, undefined))).toBe('INVALID_TOKEN');
    expect(codeOf(() => service.refresh({}, `Bearer ${issued.refresh_token}`))).toBe('INVALID_TOKEN');
    expect(codeOf(() => service.refresh({}, undefined))).toBe('UNAUTHORIZED');
  });

  it('honours JWT_REFRESH_GRACE_SECONDS for Bearer refresh', () => {
    const { service, tokens } = make({ JWT_REFRESH_GRACE_SECONDS: '60' });
    const now = Math.floor(Date.now() / 1000);
    const expired = (ago: number) => tokens.sign({ sub: 'p', player_id: 'p', type: 'access', role: 'client', jti: 'j', iat: now - 3600 - ago, exp: now - ago });
    expect(codeOf(() => service.refresh({}, `Bearer ${expired(30)}`))).toBe('ok');
    expect(codeOf(() => service.refresh({}, `Bearer ${expired(90)}`))).toBe('TOKEN_EXPIRED');
  });
});
