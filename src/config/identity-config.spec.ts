import { ConfigValidationError, loadConfig } from './app-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigValidationError).problems;
  }
  return [];
}

describe('identity configuration', () => {
  it('should default to no verification, a 3 s cache and a 2 s database bound', () => {
    expect(loadConfig({}).identity).toEqual({
      mode: 'none',
      rathenaDatabaseUrl: undefined,
      cacheSeconds: 3,
      rathenaTimeoutMs: 2000,
    });
  });

  it('should read rathena mode with a mysql:// or mariadb:// URL', () => {
    const sut = loadConfig({
      IDENTITY_VERIFICATION: 'RATHENA',
      RATHENA_DATABASE_URL: 'mysql://p2p_ro:s3cret@db.internal:3306/ragnarok',
      IDENTITY_CACHE_SECONDS: '0',
      RATHENA_DATABASE_TIMEOUT_MS: '500',
    });
    expect(sut.identity).toEqual({
      mode: 'rathena',
      rathenaDatabaseUrl: 'mysql://p2p_ro:s3cret@db.internal:3306/ragnarok',
      cacheSeconds: 0,
      rathenaTimeoutMs: 500,
    });
    expect(
      loadConfig({ IDENTITY_VERIFICATION: 'rathena', RATHENA_DATABASE_URL: 'mariadb://ro@[::1]/ragnarok' }).identity
        .mode,
    ).toBe('rathena');
  });

  it('should refuse rathena mode without RATHENA_DATABASE_URL, listed with the other problems', () => {
    const problems = problemsOf({ IDENTITY_VERIFICATION: 'rathena', API_KEY_VALIDATION_ENABLED: 'true' });
    expect(problems).toContain('RATHENA_DATABASE_URL is required when IDENTITY_VERIFICATION=rathena');
    expect(problems).toContain('COORDINATOR_API_KEY is required when API_KEY_VALIDATION_ENABLED=true');
  });

  it.each([
    ['postgresql://u:p@db:5432/ragnarok', 'must be a mysql:// or mariadb:// URL'],
    ['not a url', 'must be a mysql:// or mariadb:// URL'],
    ['mysql://u:p@db:3306', 'must name the database'],
    ['mysql://u:p@db:3306/', 'must name the database'],
  ])('should refuse RATHENA_DATABASE_URL=%j without echoing it', (url, problem) => {
    const problems = problemsOf({ IDENTITY_VERIFICATION: 'rathena', RATHENA_DATABASE_URL: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
    expect(problems[0]).not.toContain(url);
  });

  it.each([
    ['IDENTITY_VERIFICATION', 'ldap'],
    ['IDENTITY_CACHE_SECONDS', '11'],
    ['IDENTITY_CACHE_SECONDS', '-1'],
    ['RATHENA_DATABASE_TIMEOUT_MS', '50'],
  ])('should refuse %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringContaining(name)]);
  });
});
