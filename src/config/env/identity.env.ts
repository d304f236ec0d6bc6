import { envVar } from '../env-var';

/** Identity variables (see env-spec.ts): whether rAthena's own database vouches for a peer id. */
export const IDENTITY_ENV = {
  IDENTITY_VERIFICATION: envVar.oneOf(['none', 'rathena'], {
    default: 'none',
    description:
      "`rathena`: a peer id is a character id that rAthena's database must show online, from the client's address, on an account that is not banned (see docs/security.md); `none`: peer ids are taken as given.",
  }),
  RATHENA_DATABASE_URL: envVar.string({
    default: undefined,
    secret: true,
    description:
      "rAthena's MySQL/MariaDB database, `mysql://user:password@host:3306/ragnarok` (or `mariadb://`); a user with `SELECT` on `login` and `char` is enough. Required with `IDENTITY_VERIFICATION=rathena`.",
  }),
  IDENTITY_CACHE_SECONDS: envVar.int({
    default: 3,
    min: 0,
    max: 10,
    description:
      "How long rAthena's answer for a character is reused (0: ask every time). A logout, ban or address change can go unseen this long.",
  }),
  RATHENA_DATABASE_TIMEOUT_MS: envVar.int({
    default: 2000,
    min: 100,
    max: 30000,
    description:
      "Bound on connecting to and querying rAthena's database; past it the check answers 503 `IDENTITY_UNAVAILABLE`.",
  }),
};
