import { specServices } from '../../test/utils/auth-spec-support';
import { TokenClaims } from './token-claims';

describe('TokenService', () => {
  const { tokens } = specServices();
  const now = Date.UTC(2026, 0, 1);
  const claimsAt = (iatSeconds: number, overrides: Partial<TokenClaims> = {}): TokenClaims => ({
    sub: 'p1',
    player_id: 'p1',
    type: 'access',
    role: 'client',
    jti: 'j',
    fam: 'f',
    gen: 0,
    iat: iatSeconds,
    exp: iatSeconds + 3600,
    ...overrides,
  });
  const nowSeconds = now / 1000;

  it('issues an access and a refresh token with the documented claims', () => {
    const pair = tokens.issuePair({ subject: 'p1', role: 'client', userId: 'u1' }, now);
    expect(tokens.verify(pair.access, { type: 'access' }, now)).toMatchObject({
      ok: true,
      claims: { sub: 'p1', player_id: 'p1', type: 'access', role: 'client', user_id: 'u1', exp: nowSeconds + 3600 },
    });
    expect(tokens.verify(pair.refresh, { type: 'refresh' }, now)).toMatchObject({
      ok: true,
      claims: { type: 'refresh', exp: nowSeconds + 604800 },
    });
    expect(pair.expiresIn).toBe(3600);
  });

  it('starts a new family at generation 0, and continues a given one, both tokens of a pair alike', () => {
    const first = tokens.issuePair({ subject: 'p1', role: 'client' }, now);
    const claimsOf = (token: string, type: 'access' | 'refresh') => {
      const verified = tokens.verify(token, { type }, now);
      return verified.ok ? verified.claims : undefined;
    };
    const access = claimsOf(first.access, 'access')!;
    expect(claimsOf(first.refresh, 'refresh')).toMatchObject({ fam: access.fam, gen: 0 });
    expect(access.gen).toBe(0);
    const other = claimsOf(tokens.issuePair({ subject: 'p1', role: 'client' }, now).access, 'access')!;
    expect(other.fam).not.toBe(access.fam);
    const next = tokens.issuePair(
      { subject: 'p1', role: 'admin', lineage: { family: access.fam, generation: 1 } },
      now,
    );
    expect(claimsOf(next.access, 'access')).toMatchObject({ fam: access.fam, gen: 1, role: 'admin' });
    expect(claimsOf(next.refresh, 'refresh')).toMatchObject({ fam: access.fam, gen: 1 });
  });

  it('refuses a token issued in the future beyond the clock skew, and accepts one within it', () => {
    expect(tokens.verify(tokens.sign(claimsAt(nowSeconds + 30)), { type: 'access' }, now)).toMatchObject({ ok: true });
    expect(tokens.verify(tokens.sign(claimsAt(nowSeconds + 61)), { type: 'access' }, now)).toEqual({
      ok: false,
      problem: 'invalid',
    });
    expect(tokens.verify(tokens.sign(claimsAt(nowSeconds + 365 * 86400)), { type: 'access' }, now)).toEqual({
      ok: false,
      problem: 'invalid',
    });
  });

  it('gives every token its own jti', () => {
    const a = tokens.issuePair({ subject: 'p1', role: 'client' }, now);
    const b = tokens.issuePair({ subject: 'p1', role: 'client' }, now);
    expect(a.access).not.toBe(b.access);
  });

  it('refuses the other token type', () => {
    const pair = tokens.issuePair({ subject: 'p1', role: 'client' }, now);
    expect(tokens.verify(pair.refresh, { type: 'access' }, now)).toEqual({ ok: false, problem: 'wrong_type' });
    expect(tokens.verify(pair.access, { type: 'refresh' }, now)).toEqual({ ok: false, problem: 'wrong_type' });
  });

  it('treats expiry at the exact second as expired and applies the grace window', () => {
    const token = tokens.sign(claimsAt(nowSeconds - 3600));
    expect(tokens.verify(token, { type: 'access' }, now)).toEqual({ ok: false, problem: 'expired' });
    const late = tokens.sign(claimsAt(nowSeconds - 3600 - 59 * 60));
    expect(tokens.verify(late, { type: 'access', graceSeconds: 3600 }, now)).toMatchObject({
      ok: true,
      expiredForSeconds: 59 * 60,
    });
    const tooLate = tokens.sign(claimsAt(nowSeconds - 3600 - 61 * 60));
    expect(tokens.verify(tooLate, { type: 'access', graceSeconds: 3600 }, now)).toEqual({
      ok: false,
      problem: 'expired',
    });
  });

  it.each([
    [
      'a foreign secret',
      () => specServices({ JWT_SECRET_KEY: 'another-secret-another-secret-another' }).tokens.sign(claimsAt(nowSeconds)),
    ],
    ['garbage', () => 'not.a.token'],
    ['a bad subject', () => tokens.sign(claimsAt(nowSeconds, { sub: 'bad subject', player_id: 'bad subject' }))],
    ['player_id differing from sub', () => tokens.sign(claimsAt(nowSeconds, { player_id: 'p2' }))],
    ['an unknown role', () => tokens.sign(claimsAt(nowSeconds, { role: 'root' as 'admin' }))],
    ['no family', () => tokens.sign(claimsAt(nowSeconds, { fam: undefined as unknown as string }))],
    ['a negative generation', () => tokens.sign(claimsAt(nowSeconds, { gen: -1 }))],
    ['a fractional generation', () => tokens.sign(claimsAt(nowSeconds, { gen: 0.5 }))],
    ['an expiry before its issue', () => tokens.sign(claimsAt(nowSeconds, { exp: nowSeconds - 1 }))],
  ])('refuses %s as invalid', (_name, make) => {
    expect(tokens.verify(make(), { type: 'access' }, now)).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses a token signed with another algorithm', () => {
    const hs512 = specServices({ JWT_ALGORITHM: 'HS512' }).tokens.sign(claimsAt(nowSeconds));
    expect(tokens.verify(hs512, { type: 'access' }, now)).toEqual({ ok: false, problem: 'invalid' });
  });
});
