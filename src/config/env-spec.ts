import type { InferEnv } from './env-parse';
import type { EnvVar, EnvVarInfo } from './env-var';
import { SERVICE_ENV } from './env/service.env';
import { STORAGE_ENV } from './env/storage.env';
import { SECURITY_ENV } from './env/security.env';
import { IDENTITY_ENV } from './env/identity.env';
import { P2P_ENV } from './env/p2p.env';
import { PROTOCOL_ENV } from './env/protocol.env';
import { INTEGRATIONS_ENV } from './env/integrations.env';
import { WEBSOCKET_ENV } from './env/websocket.env';
import { WEBHOOKS_ENV } from './env/webhooks.env';

/**
 * Every environment variable the coordinator reads, in one table. The table drives validation,
 * the type of the validated values, `.env.example` and the README's configuration table, so the
 * four cannot drift apart.
 *
 * Canonical names are the seed integration guide's; `fallbacks` are the names the earlier Python
 * coordinator read, so an existing `.env` of either kind works unchanged.
 */
const GROUPS = {
  service: SERVICE_ENV,
  storage: STORAGE_ENV,
  security: SECURITY_ENV,
  identity: IDENTITY_ENV,
  p2p: P2P_ENV,
  websocket: WEBSOCKET_ENV,
  protocol: PROTOCOL_ENV,
  integrations: INTEGRATIONS_ENV,
  webhooks: WEBHOOKS_ENV,
};

/**
 * The whole table, in the order of `GROUPS` (env-spec.spec.ts checks they agree): the order values
 * are read and problems listed. Spreading keeps each variable's own type, which `ParsedEnv` is made of.
 */
export const ENV = {
  ...SERVICE_ENV,
  ...STORAGE_ENV,
  ...SECURITY_ENV,
  ...IDENTITY_ENV,
  ...P2P_ENV,
  ...WEBSOCKET_ENV,
  ...PROTOCOL_ENV,
  ...INTEGRATIONS_ENV,
  ...WEBHOOKS_ENV,
};

/** The validated environment, typed by the table: what the config builder reads. */
export type ParsedEnv = InferEnv<typeof ENV>;

/** One variable as documented: its table entry with its name and group. */
export interface EnvVarSpec extends EnvVarInfo {
  readonly name: string;
  readonly group: string;
}

function documented(name: string, group: string, variable: EnvVar<unknown>): EnvVarSpec {
  const { parse: _parse, unset: _unset, ...info } = variable;
  return { name, group, ...info };
}

// Listing needs only what every variable shares, not each one's value type.
const groups: Record<string, Record<string, EnvVar<unknown>>> = GROUPS;

/** The table as a list, grouped, for documentation (scripts/gen-env-docs.js) and checks. */
export const ENV_SPEC: readonly EnvVarSpec[] = Object.entries(groups).flatMap(([group, table]) =>
  Object.entries(table).map(([name, variable]) => documented(name, group, variable)),
);
