/**
 * The relay workload's targets and how a raw `ws` client speaks to each: the coordinator (one or two
 * nodes), the PeerJS server and the bare ws relay. Each target starts its servers, connects a peer
 * and encodes/decodes an ICE candidate of the same size, carrying the send time for latency.
 */
import { join } from 'node:path';
import WebSocket from 'ws';
import { createZone, flushRedis, freshDatabase, mintToken, startCoordinator } from '../lib/coordinator';
import { port, redisPid, Server, startNode, stop } from '../lib/proc';
import { repoRoot } from '../lib/report';

export interface RelayTarget {
  name: string;
  /** Servers to start; returns the pids whose CPU time counts. */
  start(): Promise<number[]>;
  stop(): Promise<void>;
  /** Opens a peer's socket and resolves once the target accepts its messages. */
  connect(peerId: string, index: number): Promise<WebSocket>;
  encode(to: string, sentAt: number): string;
  /** The send time of a delivered candidate, or undefined for anything else (errors are thrown). */
  decode(text: string): number | undefined;
}

// ~250 bytes on the wire with the envelope: a host candidate as browsers write it.
const CANDIDATE =
  'candidate:1467250027 1 udp 2122260223 192.168.1.10 46243 typ host generation 0 ufrag 4ZcD network-id 1 network-cost 10';
const candidate = (sentAt: number): object => ({
  candidate: CANDIDATE,
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: sentAt.toFixed(3),
});
const sentAtOf = (c: { usernameFragment?: string } | undefined): number | undefined =>
  c?.usernameFragment ? Number(c.usernameFragment) : undefined;

export function openSocket(url: string, localAddress?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, localAddress });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the first message whose parsed `type` is `type`; rejects on an error message. */
export function nextOfType(socket: WebSocket, type: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse((data as Buffer).toString()) as Record<string, unknown>;
      if (msg.type === type) {
        done(undefined, msg);
      } else if (msg.type === 'error' || msg.type === 'ERROR') {
        done(new Error(`waiting for ${type}: ${JSON.stringify(msg)}`));
      }
    };
    const done = (error?: Error, msg?: Record<string, unknown>): void => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      if (error) {
        reject(error);
      } else {
        resolve(msg ?? {});
      }
    };
    socket.on('message', onMessage);
  });
}

const serverScript = (name: string): string => join(repoRoot(), 'dist', 'bench', 'baselines', `${name}.js`);

export function coordinatorTarget(nodes: 1 | 2, zone: string): RelayTarget {
  let servers: Server[] = [];
  return {
    name: nodes === 1 ? 'coordinator (1 node)' : 'coordinator (2 nodes + Redis)',
    async start() {
      await freshDatabase();
      await flushRedis();
      servers = [];
      for (let n = 0; n < nodes; n++) {
        // Started one after the other: the first applies the migrations under its advisory lock.
        servers.push(await startCoordinator({ jwt: true, nodeId: `bench-node-${n + 1}` }));
      }
      await createZone(`http://127.0.0.1:${servers[0].port}`, zone, 10_000);
      const redis = redisPid();
      return [...servers.map((s) => s.pid), ...(nodes === 2 && redis ? [redis] : [])];
    },
    async stop() {
      await Promise.all(servers.map(stop));
    },
    async connect(peerId, index) {
      // Each pair is (2k, 2k+1); on two nodes its halves are on different nodes.
      const server = servers[index % servers.length];
      const token = mintToken(peerId);
      const socket = await openSocket(`ws://127.0.0.1:${server.port}/api/v1/signaling/ws?token=${token}`);
      const created = nextOfType(socket, 'session_created');
      socket.send(JSON.stringify({ type: 'create_session', peer_id: peerId, zone, token }));
      await created;
      return socket;
    },
    encode: (to, sentAt) => JSON.stringify({ type: 'ice-candidate', to, candidate: candidate(sentAt) }),
    decode(text) {
      const msg = JSON.parse(text) as { type: string; candidate?: { usernameFragment?: string } };
      if (msg.type === 'ice_candidate' || msg.type === 'ice-candidate') {
        return sentAtOf(msg.candidate);
      }
      if (msg.type === 'error') {
        throw new Error(`coordinator error: ${text}`);
      }
      return undefined; // peer_joined and the like
    },
  };
}

/** A target that is one baseline server started from bench/baselines. */
function baselineTarget(
  name: string,
  script: string,
  url: (port: number, peerId: string) => string,
  ready?: string,
): Omit<RelayTarget, 'encode' | 'decode'> {
  let server: Server | undefined;
  return {
    name,
    async start() {
      const listenPort = port();
      server = await startNode(script, serverScript(script), [String(listenPort)], listenPort);
      return [server.pid];
    },
    stop: async () => (server ? stop(server) : undefined),
    async connect(peerId) {
      const socket = new WebSocket(url(server?.port ?? 0, peerId), { perMessageDeflate: false });
      // Listening before 'open': PeerJS sends OPEN at once, possibly in the handshake's packet.
      const registered = ready ? nextOfType(socket, ready) : Promise.resolve({});
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      await registered;
      return socket;
    },
  };
}

export function peerjsTarget(): RelayTarget {
  return {
    // PeerJS answers OPEN once the peer is registered; messages before it may be refused.
    ...baselineTarget(
      'PeerJS server',
      'peerjs-server',
      (p, id) => `ws://127.0.0.1:${p}/peerjs?key=peerjs&id=${id}&token=tok${id}`,
      'OPEN',
    ),
    encode: (to, sentAt) =>
      JSON.stringify({
        type: 'CANDIDATE',
        dst: to,
        payload: { type: 'data', connectionId: 'dc_bench0000000', candidate: candidate(sentAt) },
      }),
    decode(text) {
      const msg = JSON.parse(text) as { type: string; payload?: { candidate?: { usernameFragment?: string } } };
      if (msg.type === 'CANDIDATE') {
        return sentAtOf(msg.payload?.candidate);
      }
      if (msg.type === 'ERROR' || msg.type === 'ID-TAKEN' || msg.type === 'EXPIRE') {
        throw new Error(`PeerJS error: ${text}`);
      }
      return undefined;
    },
  };
}

export function wsRelayTarget(): RelayTarget {
  return {
    ...baselineTarget('bare ws relay', 'ws-relay', (p, id) => `ws://127.0.0.1:${p}/?id=${id}`),
    encode: (to, sentAt) => JSON.stringify({ type: 'candidate', to, candidate: candidate(sentAt) }),
    decode(text) {
      const msg = JSON.parse(text) as { candidate?: { usernameFragment?: string } };
      return sentAtOf(msg.candidate);
    },
  };
}
