import { LeaseStore } from '../../src/state/lease.store';
import { MembershipStore } from '../../src/state/membership.store';
import { MovementStore } from '../../src/state/movement.store';
import { InboxMessage, NodeInbox } from '../../src/state/node-inbox.store';
import { NodeRegistryStore } from '../../src/state/node-registry.store';
import { PresenceStore } from '../../src/state/presence.store';
import { RateLimitStore } from '../../src/state/rate-limit.store';
import { SeatHoldStore } from '../../src/state/seat-hold.store';
import { TokenStore } from '../../src/state/token.store';

/** One node's view of the live state: the nine ports. */
export interface StateStores {
  presence: PresenceStore;
  membership: MembershipStore;
  nodes: NodeRegistryStore;
  inbox: NodeInbox;
  leases: LeaseStore;
  rateLimits: RateLimitStore;
  tokens: TokenStore;
  movements: MovementStore;
  seats: SeatHoldStore;
}

/** A backend under test. Every `create()` is another node sharing the same backend. */
export interface StateBackend {
  /** Empties the backend; runs before each test. */
  reset(): Promise<void>;
  create(): Promise<StateStores>;
}

/** Hands out stores for one test and closes every inbox it created afterwards. */
export interface NodeFactory {
  node(): Promise<StateStores>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; inbox delivery is asynchronous on both adapters. */
export async function waitFor(predicate: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error('Condition not met in time');
    }
    await sleep(10);
  }
}

export function collect(): { messages: InboxMessage[]; handler: (msg: InboxMessage) => void } {
  const messages: InboxMessage[] = [];
  return { messages, handler: (msg) => messages.push(msg) };
}

export const route = (nodeId: string, connId: string, since = 1_700_000_000_000) => ({ nodeId, connId, since });
