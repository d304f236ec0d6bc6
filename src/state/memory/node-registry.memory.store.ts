/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { OnModuleDestroy } from '@nestjs/common';
import { NodeBeat, NodeInfo, NodeRegistryStore } from '../node-registry.store';
import { assertTtl } from '../state.validation';
import { ExpiringMap } from './expiring-map';

export class MemoryNodeRegistryStore extends NodeRegistryStore implements OnModuleDestroy {
  private readonly nodes = new ExpiringMap<string, NodeInfo>();

  async beat(info: NodeBeat, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    this.nodes.set(info.nodeId, { ...info, lastBeat: info.lastBeat ?? Date.now() }, ttlMs);
  }

  async remove(nodeId: string): Promise<void> {
    this.nodes.delete(nodeId);
  }

  async list(): Promise<NodeInfo[]> {
    return this.nodes
      .snapshot()
      .map(([, info]) => ({ ...info }))
      .sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }

  async get(nodeId: string): Promise<NodeInfo | null> {
    const info = this.nodes.get(nodeId);
    return info ? { ...info } : null;
  }

  onModuleDestroy(): void {
    this.nodes.dispose();
  }
}
