/**
 * Workload 6, reconnect storm: two nodes share DLL-dialect peers seated in full sessions, every
 * session with members on both nodes; one node is killed (SIGKILL) and every one of its peers
 * reconnects to the survivor 1 s later, all at once, as the DLL does behind a load balancer. Measured
 * from the kill: when each is back in a session and reachable, its reconnect join's latency, whether
 * it is back in the same session, what the survivor's members are told, whether live traffic between
 * survivor-side peers loses anything, and what PostgreSQL holds once it settles. One row per
 * RECONNECT_GRACE_SECONDS value, set on both nodes.
 */
import { performance } from 'node:perf_hooks';
import { createZone, flushRedis, freshDatabase, startCoordinator } from '../lib/coordinator';
import { Server, sleep, stop } from '../lib/proc';
import { spread, Spread } from '../lib/stats';
import { compareZone, SeatSample, snapshotZone, watchSeats } from './storm-db';
import { makePeers, StormFleet, STORM_ZONE } from './storm-peers';
import { StormSample, summarise } from './storm-sample';
import { StormSignals } from './storm-signals';

export interface StormOptions {
  peers: number;
  zoneMaxPlayers: number;
  /** how fast peers are seated before the kill */
  seatPerSecond: number;
  livePairs: number;
  /** candidates per second each member of a live pair sends its partner */
  livePerSecond: number;
  graceSeconds: number[];
  /** one in every n of the killed node's peers never comes back, so the survivor has to reap it (0: none) */
  absentEvery: number;
  repeats: number;
  /** every reconnecting peer back (and told) within this, from the kill */
  goalMs: number;
  /** how long to wait for every reconnecting peer before giving up on the missing ones */
  settleTimeoutMs: number;
  /** also wait (up to this long after the kill) for the survivor to declare the dead node gone; 0: do not */
  reapTimeoutMs: number;
  /** Smoke runs fail when a peer is not back, a live signal is lost or anything is refused. */
  failOnError: boolean;
}

export interface StormRow {
  graceSeconds: number;
  samples: StormSample[];
  backP99Ms: Spread;
  joinP99Ms: Spread;
}

const wsUrl = (server: Server): string => `ws://127.0.0.1:${server.port}/api/v1/signaling/ws`;

/** Seats every peer on its home node at `perSecond`; resolves with the rate achieved. */
async function seat(fleet: StormFleet, options: StormOptions): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < fleet.peers.length; i++) {
    const wait = t0 + (i * 1000) / options.seatPerSecond - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    fleet.connect(fleet.peers[i], fleet.peers[i].home);
  }
  const deadline = Date.now() + 60_000;
  const unseated = (): number => fleet.peers.filter((peer) => peer.sessionBefore === undefined).length;
  while (unseated() > 0 && Date.now() < deadline) {
    await sleep(50);
  }
  if (unseated() > 0) {
    throw new Error(`${unseated()} peers not seated; errors ${JSON.stringify(fleet.errors)}`);
  }
  return fleet.peers.length / ((performance.now() - t0) / 1000);
}

interface SurvivorLog {
  /** kill → the first line the survivor logs about reaping the dead node */
  reap?: { ms: number; line: string };
  /** warnings and errors the survivor logged after the kill, and the first few of them */
  complaints: number;
  firstComplaints: string[];
}

/** Reads the survivor's log after the kill: the reap's line (timed) and its warnings and errors. */
function watchSurvivor(survivor: Server, fleet: StormFleet): SurvivorLog {
  const log: SurvivorLog = { complaints: 0, firstComplaints: [] };
  survivor.child.stdout?.on('data', (chunk: Buffer) => {
    if (fleet.killedAt === undefined) {
      return;
    }
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.includes('stopped beating')) {
        log.reap ??= { ms: fleet.since(), line: line.slice(0, 300) };
      } else if (/"level":"?(warn|error|40|50)/.test(line)) {
        log.complaints += 1;
        if (log.firstComplaints.length < 8) {
          log.firstComplaints.push(line.slice(0, 400));
        }
      }
    }
  });
  return log;
}

/** The samples around each new session: the one before it appeared and the one where it did. */
function openings(samples: SeatSample[]): SeatSample[] {
  return samples.filter((sample, i) => {
    const next = samples[i + 1];
    return (
      (next !== undefined && next.openSessions > sample.openSessions) ||
      (i > 0 && sample.openSessions > samples[i - 1].openSessions)
    );
  });
}

async function waitFor(done: () => boolean, fleet: StormFleet, untilMs: number): Promise<void> {
  while (!done() && fleet.since() < untilMs) {
    await sleep(50);
  }
}

async function oneRun(options: StormOptions, grace: number, run: string): Promise<StormSample> {
  await freshDatabase();
  await flushRedis();
  const env = { RECONNECT_GRACE_SECONDS: String(grace), WS_MAX_CONNECTIONS_LOOPBACK: '1000000' };
  // One after the other: the first applies the migrations under its advisory lock.
  const survivor = await startCoordinator({ jwt: true, nodeId: 'bench-storm-1', env });
  const doomed = await startCoordinator({ jwt: true, nodeId: 'bench-storm-2', env }).catch(async (error: Error) => {
    await stop(survivor);
    throw error;
  });
  const signals = new StormSignals();
  const fleet: StormFleet = new StormFleet(
    makePeers(options.peers, run, options.absentEvery),
    [wsUrl(survivor), wsUrl(doomed)],
    {
      created: (peer) => (fleet.killedAt === undefined ? undefined : signals.probe(peer)),
      signal: (receiver, fragment) => signals.received(receiver, fragment),
    },
  );
  signals.attach(fleet);
  let seats: ReturnType<typeof watchSeats> | undefined;
  try {
    await createZone(`http://127.0.0.1:${survivor.port}`, STORM_ZONE, options.zoneMaxPlayers);
    const seatedPerSecond = await seat(fleet, options);
    await sleep(2000); // the seating's notices and leases settle before the snapshot
    const before = await snapshotZone();
    signals.prepare(fleet.peers, options.livePairs);
    const survivorLog = watchSurvivor(survivor, fleet);
    signals.startLive(options.livePerSecond);
    await sleep(1000); // live traffic runs steadily before the kill
    fleet.killedAt = performance.now();
    doomed.child.kill('SIGKILL');
    seats = watchSeats(before, () => fleet.since());
    const back = (): boolean => fleet.reconnecting.every((peer) => peer.reachableAt !== undefined);
    await waitFor(back, fleet, options.settleTimeoutMs);
    await sleep(1000); // notices of the last joins
    if (options.reapTimeoutMs > 0) {
      // The survivor reaps the dead node only while a session still routes to it: the absent peers.
      const reaped = (): boolean => survivorLog.reap !== undefined && fleet.absentLeftAt.size === fleet.absent.length;
      await waitFor(reaped, fleet, options.reapTimeoutMs);
      await sleep(1000);
    }
    await signals.stopLive(5000);
    signals.stopProbes();
    const zone = compareZone(before, await snapshotZone(), fleet.peers);
    const seatSamples = await seats.stop();
    return summarise(fleet, signals, {
      graceSeconds: grace,
      seatedPerSecond,
      goalMs: options.goalMs,
      zone,
      survivorLog,
      seatSamples: openings(seatSamples),
    });
  } finally {
    await seats?.stop().catch(() => undefined);
    signals.stopProbes();
    fleet.closeAll();
    await Promise.all([stop(survivor), stop(doomed)]);
  }
}

function check(sample: StormSample): void {
  const problems = [
    sample.neverBack > 0 ? `${sample.neverBack} peers never back` : '',
    sample.live.lost + sample.live.unsent > 0
      ? `${sample.live.lost} live signals lost, ${sample.live.unsent} unsent`
      : '',
    Object.keys(sample.errors).length > 0 ? `errors ${JSON.stringify(sample.errors)}` : '',
    sample.survivorDrops > 0 ? `${sample.survivorDrops} survivor-side peers dropped` : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(`storm: ${problems.join('; ')}`);
  }
}

export async function runStorm(options: StormOptions, log: (line: string) => void): Promise<StormRow[]> {
  const rows: StormRow[] = [];
  for (const grace of options.graceSeconds) {
    const samples: StormSample[] = [];
    for (let r = 0; r < options.repeats; r++) {
      const s = await oneRun(options, grace, `g${grace}r${r}`);
      log(
        `  grace ${grace} s, run ${r + 1}: ${s.reconnecting} reconnecting, back p50 ${s.backMs.p50.toFixed(0)} / p99 ${s.backMs.p99.toFixed(0)} / max ${s.backMs.max.toFixed(0)} ms (${s.backWithinGoal} within goal, ${s.neverBack} never); join p99 ${s.joinMs.p99.toFixed(1)} ms; same session ${s.sameSession}; peer_left ${s.peerLeftNotices}, peer_joined ${s.peerJoinedNotices}; live ${s.live.sent} sent, ${s.live.lost} lost; extra sessions ${s.zone.sessionsExtra}; reap ${s.reapMs?.toFixed(0) ?? 'not seen'} ms, ${s.absent.peers} absent told after p50 ${s.absent.leftNoticeMs.p50.toFixed(0)} ms (${s.absent.notTold} not told), ${s.zone.absentStillSeated} still seated; new sessions ${JSON.stringify(s.zone.newSessions)}; seats around new sessions ${JSON.stringify(s.seatSamples)}; stragglers ${JSON.stringify(s.stragglers.slice(0, 2))}; errors ${JSON.stringify(s.errors)}`,
      );
      if (options.failOnError) {
        check(s);
      }
      samples.push(s);
    }
    rows.push({
      graceSeconds: grace,
      samples,
      backP99Ms: spread(samples.map((s) => s.backMs.p99)),
      joinP99Ms: spread(samples.map((s) => s.joinMs.p99)),
    });
  }
  return rows;
}
