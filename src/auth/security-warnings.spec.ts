import { Logger } from '@nestjs/common';
import { specServices } from '../../test/utils/auth-spec-support';
import { SecurityWarnings } from './security-warnings';

describe(SecurityWarnings.name, () => {
  const strong = {
    JWT_SECRET_KEY: 'a-production-signing-key-long-enough-1234567890',
    COORDINATOR_API_KEY: 'a-production-api-key-long-enough-1234567890',
  };
  const warnings = (env: Record<string, string>): string[] => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      new SecurityWarnings(specServices(env).config).onApplicationBootstrap();
      return warn.mock.calls.map((call) => String(call[0]));
    } finally {
      warn.mockRestore();
    }
  };

  it('should warn in production for each guard that is off, and for claimed identities', () => {
    const lines = warnings({ ...strong, ENVIRONMENT: 'production' });
    expect(lines.some((line) => line.includes('JWT_VALIDATION_ENABLED=false'))).toBe(true);
    expect(lines.some((line) => line.includes('API_KEY_VALIDATION_ENABLED=false'))).toBe(true);
    expect(lines.some((line) => line.includes('IDENTITY_VERIFICATION=none'))).toBe(true);
  });

  it('should be quiet with both guards on, in production and outside it', () => {
    const guarded = { ...strong, JWT_VALIDATION_ENABLED: 'true', API_KEY_VALIDATION_ENABLED: 'true' };
    expect(warnings({ ...guarded, ENVIRONMENT: 'production' })).toEqual([]);
    expect(warnings({ ...guarded, ENVIRONMENT: 'development' })).toEqual([]);
  });

  it('should warn once, in one line, outside production when the guards are off', () => {
    expect(warnings({ ENVIRONMENT: 'development' })).toEqual([
      'SECURITY: guards off, JWT_VALIDATION_ENABLED=false and API_KEY_VALIDATION_ENABLED=false: ' +
        'client routes and the WebSocket accept anyone, with no ownership checks; anyone can mint player tokens, and admin routes are open',
    ]);
    const jwtOnly = warnings({ ...strong, ENVIRONMENT: 'test', JWT_VALIDATION_ENABLED: 'true' });
    expect(jwtOnly).toEqual([expect.stringContaining('guards off, API_KEY_VALIDATION_ENABLED=false: anyone can mint')]);
  });

  it('should warn in any environment when a guard is on but no admin credential can exist', () => {
    const lines = warnings({ ENVIRONMENT: 'development', JWT_VALIDATION_ENABLED: 'true', COORDINATOR_API_KEY: '' });
    expect(lines).toEqual([
      expect.stringContaining('no COORDINATOR_API_KEY'),
      expect.stringContaining('guards off, API_KEY_VALIDATION_ENABLED=false'),
    ]);
  });
});
