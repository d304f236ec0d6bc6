/** What a coordinator node advertises about itself on every heartbeat. */
export interface NodeInfo {
  nodeId: string;
  /** How other nodes or clients can reach it (e.g. a public URL). */
  address: string;
  /** Epoch ms when the node process started. */
  startedAt: number;
  connections: number;
  sessions: number;
  /** Epoch ms of the latest heartbeat. */
  lastBeat: number;
}

/** A heartbeat payload; `lastBeat` defaults to the current time. */
export type NodeBeat = Omit<NodeInfo, 'lastBeat'> & { lastBeat?: number };

/** Registry of live coordinator nodes, kept alive by periodic heartbeats. */
export abstract class NodeRegistryStore {
  /** Registers or refreshes the node; it drops out of `list()` if no beat arrives within `ttlMs`. */
  abstract beat(info: NodeBeat, ttlMs: number): Promise<void>;

  abstract remove(nodeId: string): Promise<void>;

  /** Nodes whose last heartbeat has not expired, sorted by node id. */
  abstract list(): Promise<NodeInfo[]>;

  abstract get(nodeId: string): Promise<NodeInfo | null>;
}
