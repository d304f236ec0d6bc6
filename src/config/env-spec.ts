import { SERVICE_ENV } from './env/service.env';
import { STORAGE_ENV } from './env/storage.env';
import { SECURITY_ENV } from './env/security.env';
import { IDENTITY_ENV } from './env/identity.env';
import { P2P_ENV } from './env/p2p.env';
import { PROTOCOL_ENV } from './env/protocol.env';
import { INTEGRATIONS_ENV } from './env/integrations.env';
import { WEBSOCKET_ENV } from './env/websocket.env';

/**
 * Every environment variable the coordinator reads, in one table. The table drives validation,
 * `.env.example` and the README's configuration table, so the three cannot drift apart.
 *
 * Canonical names are the seed integration guide's; `fallbacks` are the names the earlier Python
 * coordinator read, so an existing `.env` of either kind works unchanged.
 */
export type EnvKind = 'string' | 'int' | 'float' | 'bool' | 'list' | 'enum';

export interface EnvVarSpec {
  name: string;
  kind: EnvKind;
  group: string;
  description: string;
  default?: string;
  fallbacks?: string[];
  min?: number;
  max?: number;
  values?: readonly string[];
  secret?: boolean;
}

export const ENV_SPEC: readonly EnvVarSpec[] = [
  ...SERVICE_ENV,
  ...STORAGE_ENV,
  ...SECURITY_ENV,
  ...IDENTITY_ENV,
  ...P2P_ENV,
  ...WEBSOCKET_ENV,
  ...PROTOCOL_ENV,
  ...INTEGRATIONS_ENV,
];
