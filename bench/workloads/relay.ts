/**
 * Workload 1, signaling relay: N pairs of peers, each peer keeping `inFlight` ICE candidates in
 * flight to its partner. Delivered messages/s, delivery latency (send → receive, one clock: both
 * ends live in this process) and the servers' CPU time per delivered message.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { cpuSeconds, sleep } from '../lib/proc';
import { ascending, percentile, spread, Spread } from '../lib/stats';
import { coordinatorTarget, peerjsTarget, RelayTarget, wsRelayTarget } from './relay-targets';

export interface RelayOptions {
  pairs: number[];
  seconds: number;
  repeats: number;
  inFlight: number;
  /** Smoke runs stop at the first refused message; full runs count refusals per code and go on. */
  failOnError: boolean;
}

export interface RelaySample {
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerMessage: number;
  lost: number;
  /** Error answers instead of deliveries, by code (e.g. DELIVERY_FAILED). */
  errors: Record<string, number>;
}

export interface RelayRow {
  target: string;
  pairs: number;
  samples: RelaySample[];
  messagesPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  cpuUsPerMessage: Spread;
  lost: number;
  errors: Record<string, number>;
}

interface Peer {
  id: string;
  socket: WebSocket;
  partner?: Peer;
  sent: number;
  received: number;
}

class Window {
  open = false;
  latencies: number[] = [];
  delivered = 0;
}

async function connectPairs(target: RelayTarget, pairs: number): Promise<Peer[]> {
  const peers: Peer[] = [];
  // One at a time: joins are not what this workload measures, and ordered joins keep it simple.
  for (let i = 0; i < pairs * 2; i++) {
    const id = `relay${i}`;
    peers.push({ id, socket: await target.connect(id, i), sent: 0, received: 0 });
  }
  for (let i = 0; i < peers.length; i += 2) {
    peers[i].partner = peers[i + 1];
    peers[i + 1].partner = peers[i];
  }
  return peers;
}

async function measure(
  target: RelayTarget,
  pids: number[],
  peers: Peer[],
  options: RelayOptions,
): Promise<RelaySample> {
  const window = new Window();
  let sending = true;
  let failure: Error | undefined;
  const errors: Record<string, number> = {};
  const send = (from: Peer): void => {
    const to = from.partner as Peer;
    from.sent += 1;
    from.socket.send(target.encode(to.id, performance.now()));
  };
  for (const peer of peers) {
    peer.sent = 0;
    peer.received = 0;
    peer.socket.removeAllListeners('message');
    peer.socket.on('message', (data: WebSocket.RawData) => {
      let sentAt: number | undefined;
      try {
        sentAt = target.decode((data as Buffer).toString());
      } catch (error) {
        if (options.failOnError) {
          failure ??= error as Error;
        } else {
          const code = /"code":"(\w+)"/.exec((error as Error).message)?.[1] ?? 'error';
          errors[code] = (errors[code] ?? 0) + 1;
        }
        return;
      }
      if (sentAt === undefined) {
        return;
      }
      peer.received += 1;
      if (window.open) {
        window.delivered += 1;
        window.latencies.push(performance.now() - sentAt);
      }
      // The partner sent this one; it keeps its window full.
      if (sending) {
        send(peer.partner as Peer);
      }
    });
  }
  for (const peer of peers) {
    for (let k = 0; k < options.inFlight; k++) {
      send(peer);
    }
  }
  await sleep(1000); // warm-up, not counted
  const cpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const t0 = performance.now();
  window.open = true;
  await sleep(options.seconds * 1000);
  window.open = false;
  const elapsed = (performance.now() - t0) / 1000;
  const cpuAfter = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  sending = false;
  // Drain: everything sent must arrive; what has not after 5 s is lost.
  const deadline = Date.now() + 5000;
  const outstanding = (): number => peers.reduce((sum, p) => sum + p.sent - (p.partner as Peer).received, 0);
  while (outstanding() > 0 && Date.now() < deadline) {
    await sleep(50);
  }
  if (failure) {
    throw failure;
  }
  const sorted = ascending(window.latencies);
  return {
    messagesPerSecond: window.delivered / elapsed,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    cpuUsPerMessage: ((cpuAfter - cpuBefore) / window.delivered) * 1e6,
    lost: outstanding(),
    errors,
  };
}

async function runTarget(
  target: RelayTarget,
  pairs: number,
  options: RelayOptions,
  log: (line: string) => void,
): Promise<RelayRow> {
  const pids = await target.start();
  try {
    const peers = await connectPairs(target, pairs);
    const samples: RelaySample[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const sample = await measure(target, pids, peers, options);
      log(
        `  ${target.name}, ${pairs} pairs, run ${r + 1}: ${Math.round(sample.messagesPerSecond)} msg/s, p99 ${sample.p99Ms.toFixed(2)} ms, ${sample.cpuUsPerMessage.toFixed(1)} µs CPU/msg, lost ${sample.lost}, errors ${JSON.stringify(sample.errors)}`,
      );
      samples.push(sample);
    }
    for (const peer of peers) {
      peer.socket.terminate();
    }
    const pick = (key: 'messagesPerSecond' | 'p50Ms' | 'p99Ms' | 'cpuUsPerMessage'): Spread =>
      spread(samples.map((s) => s[key]));
    return {
      target: target.name,
      pairs,
      samples,
      messagesPerSecond: pick('messagesPerSecond'),
      p50Ms: pick('p50Ms'),
      p99Ms: pick('p99Ms'),
      cpuUsPerMessage: pick('cpuUsPerMessage'),
      lost: samples.reduce((sum, s) => sum + s.lost, 0),
      errors: samples.reduce<Record<string, number>>((all, s) => {
        for (const [code, n] of Object.entries(s.errors)) {
          all[code] = (all[code] ?? 0) + n;
        }
        return all;
      }, {}),
    };
  } finally {
    await target.stop();
  }
}

/**
 * While working on one path, `BENCH_RELAY_TARGETS` (comma-separated: one, peerjs, ws, two) runs only
 * some targets and `BENCH_RELAY_PAIRS` (e.g. `10`) only some sizes; with `BENCH_RESULTS_DIR`
 * elsewhere the published tables are left alone. Unset, everything runs.
 */
const ONLY_TARGETS = process.env.BENCH_RELAY_TARGETS?.split(',').map((t) => t.trim());
const ONLY_PAIRS = process.env.BENCH_RELAY_PAIRS?.split(',').map(Number);

export async function runRelay(options: RelayOptions, log: (line: string) => void): Promise<RelayRow[]> {
  const rows: RelayRow[] = [];
  for (const pairs of options.pairs.filter((p) => !ONLY_PAIRS || ONLY_PAIRS.includes(p))) {
    const targets = (
      [
        ['one', () => coordinatorTarget(1, 'bench_relay')],
        ['peerjs', peerjsTarget],
        ['ws', wsRelayTarget],
        ['two', () => coordinatorTarget(2, 'bench_relay')],
      ] as const
    )
      .filter(([key]) => !ONLY_TARGETS || ONLY_TARGETS.includes(key))
      .map(([, make]) => make());
    for (const target of targets) {
      rows.push(await runTarget(target, pairs, options, log));
    }
  }
  return rows;
}
