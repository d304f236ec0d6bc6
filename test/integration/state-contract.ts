import { runLimitContract } from './state-contract.limits';
import { runMembershipContract } from './state-contract.membership';
import { runMovementContract } from './state-contract.movements';
import { runNodesContract } from './state-contract.nodes';
import { runPresenceContract } from './state-contract.presence';
import { runSeatHoldContract } from './state-contract.seats';
import { runTokenContract } from './state-contract.tokens';
import { NodeFactory, StateBackend, StateStores } from './state-contract.support';

export type { StateBackend, StateStores } from './state-contract.support';

/**
 * The behaviour every live-state adapter must share. Run it once per backend so the
 * in-process adapters cannot drift from the Redis ones.
 */
export function runStateContract(backend: StateBackend): void {
  const created: StateStores[] = [];
  const factory: NodeFactory = {
    async node() {
      const stores = await backend.create();
      created.push(stores);
      return stores;
    },
  };

  beforeEach(() => backend.reset());
  afterEach(async () => {
    await Promise.all(created.splice(0).map((s) => s.inbox.close()));
  });

  describe('PresenceStore', () => runPresenceContract(factory));
  describe('MembershipStore', () => runMembershipContract(factory));
  describe('NodeRegistryStore and NodeInbox', () => runNodesContract(factory));
  describe('LeaseStore and RateLimitStore', () => runLimitContract(factory));
  describe('TokenStore', () => runTokenContract(factory));
  describe('MovementStore', () => runMovementContract(factory));
  describe('SeatHoldStore', () => runSeatHoldContract(factory));
}
