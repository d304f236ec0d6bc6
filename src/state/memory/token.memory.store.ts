/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { OnModuleDestroy } from '@nestjs/common';
import { assertTtl } from '../state.validation';
import { REVOKED, RotationResult, TokenLineage, TokenStore } from '../token.store';
import { ExpiringMap } from './expiring-map';

/** Single-node token families; each method runs to completion without awaiting, like its Lua twin. */
export class MemoryTokenStore extends TokenStore implements OnModuleDestroy {
  private readonly families = new ExpiringMap<string, number | typeof REVOKED>();

  async isRevoked(token: TokenLineage): Promise<boolean> {
    const current = this.families.get(token.family);
    return current === REVOKED || (current !== undefined && current > token.generation);
  }

  async rotate(token: TokenLineage, ttlMs: number): Promise<RotationResult> {
    assertTtl(ttlMs);
    const current = this.families.get(token.family);
    if (current === REVOKED) {
      return 'revoked';
    }
    if (current !== undefined && current > token.generation) {
      this.families.set(token.family, REVOKED, ttlMs);
      return 'reused';
    }
    this.families.set(token.family, token.generation + 1, ttlMs);
    return 'rotated';
  }

  async revokeFamily(family: string, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    this.families.set(family, REVOKED, ttlMs);
  }

  onModuleDestroy(): void {
    this.families.dispose();
  }
}
