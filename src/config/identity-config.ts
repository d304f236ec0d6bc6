import type { AppConfig } from './app-config';
import type { ParsedEnv } from './env-spec';

type IdentityConfig = AppConfig['identity'];

/**
 * Problems with a RATHENA_DATABASE_URL. The value itself is never echoed: it may carry a password,
 * and configuration problems are printed at boot.
 */
function urlProblems(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['RATHENA_DATABASE_URL must be a mysql:// or mariadb:// URL'];
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    return ['RATHENA_DATABASE_URL must be a mysql:// or mariadb:// URL'];
  }
  if (parsed.hostname === '') {
    return ['RATHENA_DATABASE_URL must name a host'];
  }
  // The query names `login` and `char` without a schema, so the URL must select rAthena's database.
  if (parsed.pathname.length <= 1) {
    return ['RATHENA_DATABASE_URL must name the database (mysql://user:password@host:3306/ragnarok)'];
  }
  return [];
}

/** The `identity` section; a malformed URL is a problem even while the mode is `none`. */
export function identityConfig(env: ParsedEnv, problems: string[]): IdentityConfig {
  const rathenaDatabaseUrl = env.RATHENA_DATABASE_URL;
  if (rathenaDatabaseUrl !== undefined) {
    problems.push(...urlProblems(rathenaDatabaseUrl));
  }
  return {
    mode: env.IDENTITY_VERIFICATION,
    rathenaDatabaseUrl,
    cacheSeconds: env.IDENTITY_CACHE_SECONDS,
    rathenaTimeoutMs: env.RATHENA_DATABASE_TIMEOUT_MS,
  };
}
