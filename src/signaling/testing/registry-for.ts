import { AppConfig } from '../../config/app-config';
import { ConnectionRegistry } from '../connection-registry';
import { NoticeBatch } from '../notice-batch';

/** A ConnectionRegistry for unit specs: node `nodeId`, a 1 MiB send buffer, notices written at once. */
export function registryFor(nodeId: string): ConnectionRegistry {
  const config = { service: { nodeId }, ws: { maxBufferedBytes: 1 << 20 } } as unknown as AppConfig;
  return new ConnectionRegistry(config, new NoticeBatch(0));
}
