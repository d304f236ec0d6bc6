import { AppError } from '../common/errors/app-error';
import { AuthService } from './auth.service';
import { fakeIdentity, SPEC_KEY, specServices } from '../../test/utils/auth-spec-support';
import { TokenClaims } from './token-claims';

const codeOf = async (work: () => Promise<unknown>): Promise<string> => {
  try {
    await work();
    return 'ok';
  } catch (error) {
    return (error as AppError).code;
  }
};

const LAUNCHER = { clientIp: '10.0.0.5' };

describe(AuthService.name, () => {
  const make = (env: Record<string, string> = {}, identity = fakeIdentity(false)) => {
    const services = specServices(env);
    return {
      sut: new AuthService(services.config, services.tokens, services.revocation, identity, services.bans),
      identity,
      ...services,
    };
  };
  const claimsOf = (
    tokens: ReturnType<typeof specServices>['tokens'],
    token: string,
    type: 'access' | 'refresh' = 'access',
  ): TokenClaims => {
    const verified = tokens.verify(token, { type, graceSeconds: 3600 });
    if (!verified.ok) {
      throw new Error(`not a valid ${type} token: ${verified.problem}`);
    }
    return verified.claims;
  };

  describe('issue', () => {
    it('should accept peer_id or player_id (equal when both) and answer token === access_token', async () => {
      const { sut, tokens } = make();
      const answer = await sut.issue({ peer_id: '150001', client_version: '1.0.0', timestamp: 1 }, LAUNCHER);
      expect(answer.token).toBe(answer.access_token);
      expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(claimsOf(tokens, answer.token)).toMatchObject({ sub: '150001', role: 'client', gen: 0 });
      expect(await codeOf(() => sut.issue({ player_id: 'a', peer_id: 'a' }, LAUNCHER))).toBe('ok');
      expect(await codeOf(() => sut.issue({ player_id: 'a', peer_id: 'b' }, LAUNCHER))).toBe('VALIDATION_FAILED');
      expect(await codeOf(() => sut.issue({}, LAUNCHER))).toBe('VALIDATION_FAILED');
    });

    it('should mint a client token for the named player when a launcher presents the key', async () => {
      const { sut, tokens } = make({ API_KEY_VALIDATION_ENABLED: 'true' });
      const viaHeader = await sut.issue({ player_id: 'alice' }, { ...LAUNCHER, headerKey: SPEC_KEY });
      const viaBody = await sut.issue({ player_id: 'alice', api_key: SPEC_KEY }, LAUNCHER);
      expect(claimsOf(tokens, viaHeader.token)).toMatchObject({ sub: 'alice', role: 'client' });
      expect(claimsOf(tokens, viaBody.token)).toMatchObject({ sub: 'alice', role: 'client' });
    });

    it('should mint an admin token only when role admin is asked for with the valid key', async () => {
      for (const keyOn of ['true', 'false']) {
        const { sut, tokens } = make({ API_KEY_VALIDATION_ENABLED: keyOn });
        const admin = await sut.issue({ player_id: 'ops', role: 'admin' }, { ...LAUNCHER, headerKey: SPEC_KEY });
        expect(claimsOf(tokens, admin.token)).toMatchObject({ role: 'admin' });
        expect(await codeOf(() => sut.issue({ player_id: 'ops', role: 'admin' }, LAUNCHER))).toBe('UNAUTHORIZED');
        expect(await codeOf(() => sut.issue({ player_id: 'ops', role: 'admin', api_key: 'nope' }, LAUNCHER))).toBe(
          'INVALID_API_KEY',
        );
      }
    });

    it('should never make an admin token when no API key is configured', async () => {
      const { sut } = make({ COORDINATOR_API_KEY: '' });
      expect(await codeOf(() => sut.issue({ player_id: 'ops', role: 'admin' }, LAUNCHER))).toBe('UNAUTHORIZED');
      expect(await codeOf(() => sut.issue({ player_id: 'ops', role: 'admin', api_key: '' }, LAUNCHER))).toBe(
        'INVALID_API_KEY',
      );
      expect(
        await codeOf(() => sut.issue({ player_id: 'ops', role: 'admin' }, { ...LAUNCHER, headerKey: 'anything' })),
      ).toBe('INVALID_API_KEY');
    });

    it('should require the key while key validation is on and identity verification is off', async () => {
      const { sut } = make({ API_KEY_VALIDATION_ENABLED: 'true' });
      expect(await codeOf(() => sut.issue({ player_id: 'p' }, LAUNCHER))).toBe('UNAUTHORIZED');
      expect(await codeOf(() => sut.issue({ player_id: 'p', api_key: 'nope' }, LAUNCHER))).toBe('INVALID_API_KEY');
    });

    it('should let rAthena vouch for a keyless player at the client address, and refuse whom it refuses', async () => {
      const refusal = new AppError('IDENTITY_REJECTED', 'not online', undefined, 'not_online');
      const identity = fakeIdentity(true, (peer) => (peer === '150002' ? refusal : undefined));
      const { sut, tokens } = make({ API_KEY_VALIDATION_ENABLED: 'true' }, identity);
      const answer = await sut.issue(
        { peer_id: '150001', client_version: '1.0.0', timestamp: 1 },
        { clientIp: '203.0.113.7' },
      );
      expect(claimsOf(tokens, answer.token)).toMatchObject({ sub: '150001', role: 'client' });
      await expect(sut.issue({ peer_id: '150002' }, { clientIp: '203.0.113.7' })).rejects.toBe(refusal);
      // The launcher's key is its own proof: rAthena is not asked.
      await sut.issue({ peer_id: '150003' }, { clientIp: '10.0.0.5', headerKey: SPEC_KEY });
      expect(identity.calls).toEqual(['150001@203.0.113.7', '150002@203.0.113.7']);
    });
  });

  describe('refresh', () => {
    it('should refresh from a body refresh token or a Bearer access token, never crossing the types', async () => {
      const { sut } = make();
      const fresh = () => sut.issue({ player_id: 'p' }, LAUNCHER);
      expect(await codeOf(async () => sut.refresh({ refresh_token: (await fresh()).refresh_token }, undefined))).toBe(
        'ok',
      );
      expect(await codeOf(async () => sut.refresh({}, `Bearer ${(await fresh()).access_token}`))).toBe('ok');
      expect(await codeOf(async () => sut.refresh({ refresh_token: (await fresh()).access_token }, undefined))).toBe(
        'INVALID_TOKEN',
      );
      expect(await codeOf(async () => sut.refresh({}, `Bearer ${(await fresh()).refresh_token}`))).toBe(
        'INVALID_TOKEN',
      );
      expect(await codeOf(() => sut.refresh({}, undefined))).toBe('UNAUTHORIZED');
    });

    it('should keep subject, role and user id, continue the family and rotate both tokens of the pair', async () => {
      const { sut, tokens } = make();
      const first = await sut.issue(
        { player_id: 'ops', user_id: 'acct-1', role: 'admin', api_key: SPEC_KEY },
        LAUNCHER,
      );
      const second = await sut.refresh({ refresh_token: first.refresh_token }, undefined);
      expect(claimsOf(tokens, second.token)).toMatchObject({
        sub: 'ops',
        role: 'admin',
        user_id: 'acct-1',
        fam: claimsOf(tokens, first.token).fam,
        gen: 1,
      });
      // The access token of the retired pair cannot fork the family either.
      expect(await codeOf(() => sut.refresh({}, `Bearer ${first.access_token}`))).toBe('TOKEN_REVOKED');
    });

    it('should revoke the whole family when a retired refresh token is presented again', async () => {
      const { sut, credentials } = make({ JWT_VALIDATION_ENABLED: 'true' });
      const first = await sut.issue({ player_id: 'p' }, LAUNCHER);
      const second = await sut.refresh({ refresh_token: first.refresh_token }, undefined);
      expect(await codeOf(() => sut.refresh({ refresh_token: first.refresh_token }, undefined))).toBe('TOKEN_REVOKED');
      // The thief's replay took the honest holder's newer tokens down with it.
      expect(await codeOf(() => sut.refresh({ refresh_token: second.refresh_token }, undefined))).toBe('TOKEN_REVOKED');
      expect(
        (await credentials.resolve({ headers: { authorization: `Bearer ${second.access_token}` } })).token.status,
      ).toBe('revoked');
    });

    it('should let the DLL renew its just-expired token once, within JWT_REFRESH_GRACE_SECONDS', async () => {
      const { sut, tokens } = make({ JWT_REFRESH_GRACE_SECONDS: '60' });
      const now = Math.floor(Date.now() / 1000);
      const expired = (ago: number, fam: string) =>
        tokens.sign({
          sub: 'p',
          player_id: 'p',
          type: 'access',
          role: 'client',
          jti: 'j',
          fam,
          gen: 0,
          iat: now - 3600 - ago,
          exp: now - ago,
        });
      const renewed = await sut.refresh({}, `Bearer ${expired(30, 'fam-a')}`);
      expect(claimsOf(tokens, renewed.token)).toMatchObject({ fam: 'fam-a', gen: 1 });
      expect(await codeOf(() => sut.refresh({}, `Bearer ${expired(30, 'fam-a')}`))).toBe('TOKEN_REVOKED');
      expect(await codeOf(() => sut.refresh({}, `Bearer ${expired(90, 'fam-b')}`))).toBe('TOKEN_EXPIRED');
    });

    it('should answer REDIS_UNAVAILABLE, and issue nothing, when the store cannot rotate', async () => {
      const { sut, store } = make();
      const issued = await sut.issue({ player_id: 'p' }, LAUNCHER);
      jest.spyOn(store, 'rotate').mockRejectedValue(new Error('Connection is closed.'));
      expect(await codeOf(() => sut.refresh({ refresh_token: issued.refresh_token }, undefined))).toBe(
        'REDIS_UNAVAILABLE',
      );
    });
  });

  describe('logout', () => {
    it("should revoke the caller's family: its access and refresh tokens, not other logins", async () => {
      const { sut, credentials } = make({ JWT_VALIDATION_ENABLED: 'true' });
      const mine = await sut.issue({ player_id: 'p' }, LAUNCHER);
      const otherLogin = await sut.issue({ player_id: 'p' }, LAUNCHER);
      await sut.logout(`Bearer ${mine.access_token}`);
      expect(
        (await credentials.resolve({ headers: { authorization: `Bearer ${mine.access_token}` } })).token.status,
      ).toBe('revoked');
      expect(await codeOf(() => sut.refresh({ refresh_token: mine.refresh_token }, undefined))).toBe('TOKEN_REVOKED');
      expect(
        (await credentials.resolve({ headers: { authorization: `Bearer ${otherLogin.access_token}` } })).token.status,
      ).toBe('valid');
    });

    it('should need a Bearer access token', async () => {
      const { sut } = make();
      const issued = await sut.issue({ player_id: 'p' }, LAUNCHER);
      expect(await codeOf(() => sut.logout(undefined))).toBe('UNAUTHORIZED');
      expect(await codeOf(() => sut.logout(`Bearer ${issued.refresh_token}`))).toBe('INVALID_TOKEN');
      expect(await codeOf(() => sut.logout('Bearer not.a.token'))).toBe('INVALID_TOKEN');
    });
  });
});
