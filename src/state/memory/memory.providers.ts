import { Provider } from '@nestjs/common';
import { LeaseStore } from '../lease.store';
import { MembershipStore } from '../membership.store';
import { NodeInbox } from '../node-inbox.store';
import { NodeRegistryStore } from '../node-registry.store';
import { PresenceStore } from '../presence.store';
import { RateLimitStore } from '../rate-limit.store';
import { SeatHoldStore } from '../seat-hold.store';
import { StateHealth } from '../state-health';
import { MovementStore } from '../movement.store';
import { TokenStore } from '../token.store';
import { MemoryLeaseStore } from './lease.memory.store';
import { MemoryMembershipStore } from './membership.memory.store';
import { MemoryNodeInbox } from './node-inbox.memory.store';
import { MemoryNodeRegistryStore } from './node-registry.memory.store';
import { MemoryPresenceStore } from './presence.memory.store';
import { MemoryRateLimitStore } from './rate-limit.memory.store';
import { MemorySeatHoldStore } from './seat-hold.memory.store';
import { MemoryMovementStore } from './movement.memory.store';
import { MemoryTokenStore } from './token.memory.store';

/** Factories rather than `useClass`, so Nest never tries to inject constructor parameters. */
export function memoryStateProviders(): Provider[] {
  return [
    { provide: PresenceStore, useFactory: () => new MemoryPresenceStore() },
    { provide: MembershipStore, useFactory: () => new MemoryMembershipStore() },
    { provide: NodeRegistryStore, useFactory: () => new MemoryNodeRegistryStore() },
    { provide: NodeInbox, useFactory: () => new MemoryNodeInbox() },
    { provide: LeaseStore, useFactory: () => new MemoryLeaseStore() },
    { provide: RateLimitStore, useFactory: () => new MemoryRateLimitStore() },
    { provide: TokenStore, useFactory: () => new MemoryTokenStore() },
    { provide: MovementStore, useFactory: () => new MemoryMovementStore() },
    { provide: SeatHoldStore, useFactory: () => new MemorySeatHoldStore() },
    { provide: StateHealth, useFactory: () => new StateHealth('memory') },
  ];
}
