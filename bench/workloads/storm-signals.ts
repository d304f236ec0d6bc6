/**
 * Signals in the reconnect storm, relayed as in the relay workload (an ICE candidate of the same
 * size, DLL dialect): live traffic between pairs of peers that both live on the surviving node, kept
 * at a steady rate through the whole storm, and the probes that tell when a reconnected peer is
 * reachable again (a survivor-side member of its session sends it a candidate until one arrives).
 * The candidate's usernameFragment carries what it is: `l<sent at>` live, `p` probe.
 */
import { performance } from 'node:perf_hooks';
import { StormFleet, StormPeer } from './storm-peers';

const CANDIDATE =
  'candidate:1467250027 1 udp 2122260223 192.168.1.10 46243 typ host generation 0 ufrag 4ZcD network-id 1 network-cost 10';
/** A probe not answered by then is sent again (its target may not be in the sender's view yet). */
const PROBE_EVERY_MS = 100;

function send(from: StormPeer, to: StormPeer, fragment: string): boolean {
  if (from.socket?.readyState !== 1) {
    return false;
  }
  from.socket.send(
    JSON.stringify({
      type: 'ice-candidate',
      to: to.id,
      candidate: { candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: fragment },
    }),
  );
  return true;
}

export class StormSignals {
  liveSent = 0;
  liveDelivered = 0;
  /** Live sends skipped because the sender's own socket was not open (it never should be). */
  liveUnsent = 0;
  readonly liveLatencies: number[] = [];
  probesSent = 0;
  private pairs: Array<[StormPeer, StormPeer]> = [];
  private liveTimer?: NodeJS.Timeout;
  private readonly probing = new Set<StormPeer>();
  private probeTimer?: NodeJS.Timeout;
  /** session id → its survivor-side members, the probe senders */
  private readonly senders = new Map<string, StormPeer[]>();
  private fleet?: StormFleet;

  attach(fleet: StormFleet): void {
    this.fleet = fleet;
  }

  /** Once seated: who can probe in each session, and `pairs` live pairs, one per session first. */
  prepare(peers: StormPeer[], pairs: number): void {
    for (const peer of peers.filter((p) => p.home === 0 && p.sessionBefore)) {
      const list = this.senders.get(peer.sessionBefore as string) ?? [];
      list.push(peer);
      this.senders.set(peer.sessionBefore as string, list);
    }
    const sessions = [...this.senders.values()];
    for (let k = 0; this.pairs.length < pairs && sessions.some((s) => s.length >= 2 * (k + 1)); k++) {
      for (const members of sessions) {
        if (this.pairs.length < pairs && members.length >= 2 * (k + 1)) {
          this.pairs.push([members[2 * k], members[2 * k + 1]]);
        }
      }
    }
  }

  /** The survivor-side members seated in `session` before the kill (they never move). */
  survivorsOf(session: string): StormPeer[] {
    return this.senders.get(session) ?? [];
  }

  get livePairs(): number {
    return this.pairs.length;
  }

  /** Each member of each pair sends its partner `perSecond` candidates a second. */
  startLive(perSecond: number): void {
    this.liveTimer = setInterval(() => {
      const now = performance.now().toFixed(3);
      for (const [a, b] of this.pairs) {
        for (const [from, to] of [
          [a, b],
          [b, a],
        ]) {
          if (send(from, to, `l${now}`)) {
            this.liveSent += 1;
          } else {
            this.liveUnsent += 1;
          }
        }
      }
    }, 1000 / perSecond);
  }

  /** Stops sending, then waits up to `drainMs` for what is in flight. */
  async stopLive(drainMs: number): Promise<void> {
    clearInterval(this.liveTimer);
    const deadline = Date.now() + drainMs;
    while (this.liveDelivered < this.liveSent && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A reconnected peer: its session's survivor-side members probe it until a probe arrives. */
  probe(peer: StormPeer): void {
    this.probing.add(peer);
    this.sendProbe(peer);
    this.probeTimer ??= setInterval(() => this.probing.forEach((p) => this.sendProbe(p)), PROBE_EVERY_MS);
  }

  stopProbes(): void {
    clearInterval(this.probeTimer);
    this.probing.clear();
  }

  /** Called by the fleet for every candidate a peer receives. */
  received(receiver: StormPeer, fragment: string): void {
    if (fragment.startsWith('l')) {
      this.liveDelivered += 1;
      this.liveLatencies.push(performance.now() - Number(fragment.slice(1)));
    } else if (fragment === 'p' && this.probing.delete(receiver)) {
      receiver.reachableAt = this.fleet?.since();
    }
  }

  private sendProbe(peer: StormPeer): void {
    const members = this.senders.get(peer.sessionAfter ?? '') ?? [];
    // A different sender each time, so one sender's trouble does not read as the target's.
    const from = members[this.probesSent % Math.max(1, members.length)];
    if (from && send(from, peer, 'p')) {
      this.probesSent += 1;
    }
  }
}
