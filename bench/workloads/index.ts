/** Every workload, by the name used on the command line and in the npm scripts. */
import { WorkloadReport } from '../lib/report';
import { execFileSync } from 'node:child_process';
import { runConnections } from './connections';
import { connectionsReport } from './connections-report';
import { runJoins } from './joins';
import { joinsReport } from './joins-report';
import { runProximityInChild } from './proximity-process';
import { proximityReport } from './proximity-report';
import { runRelay } from './relay';
import { relayReport } from './relay-report';
import { runRest } from './rest';
import { restReport } from './rest-report';
import { runStorm } from './storm';
import { stormReport } from './storm-report';

export type Workload = (smoke: boolean, log: (line: string) => void) => Promise<WorkloadReport>;

export const WORKLOADS: Record<string, Workload> = {
  relay: async (smoke, log) => {
    const options = smoke
      ? { pairs: [2], seconds: 1, repeats: 3, inFlight: 8, failOnError: true }
      : { pairs: [10, 50], seconds: 10, repeats: 3, inFlight: 8, failOnError: false };
    return relayReport(await runRelay(options, log), options, smoke);
  },
  connections: async (smoke, log) => {
    const fdLimit = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    // 20,000 peers, or as many as the open-file limit leaves room for (the server also holds its
    // database pool, Redis and listener sockets).
    const peers = smoke ? 200 : Math.min(20_000, Number(fdLimit) > 0 ? Number(fdLimit) - 300 : 20_000);
    const options = { peers, repeats: 3, perClient: 5_000, settleMs: smoke ? 500 : 3000, failOnError: smoke };
    return connectionsReport(await runConnections(options, log), options, smoke, fdLimit);
  },
  rest: async (smoke, log) => {
    const options = { seconds: smoke ? 2 : 10, repeats: 3, connections: 50, hosts: 100 };
    return restReport(await runRest(options, log), options, smoke);
  },
  joins: async (smoke, log) => {
    const options = smoke
      ? { perSecond: 20, seconds: 1, repeats: 3, zoneMaxPlayers: 50, failOnError: true }
      : { perSecond: 200, seconds: 5, repeats: 3, zoneMaxPlayers: 50, failOnError: false };
    return joinsReport(await runJoins(options, log), options, smoke);
  },
  proximity: async (smoke, log) => {
    const options = smoke
      ? { sizes: [1_000], ticks: 5, warmup: 2, repeats: 3, naiveMaxPeers: 1_000, naiveTicks: 2 }
      : { sizes: [1_000, 10_000, 50_000], ticks: 40, warmup: 10, repeats: 3, naiveMaxPeers: 10_000, naiveTicks: 5 };
    return proximityReport(await runProximityInChild(options, log), options, smoke);
  },
  storm: async (smoke, log) => {
    // Smoke: 40 peers in 4 sessions, a row without and one with the reconnection grace, no wait for the survivor to reap the dead node (~25 s).
    const options = smoke
      ? {
          peers: 40,
          zoneMaxPlayers: 10,
          seatPerSecond: 40,
          livePairs: 2,
          livePerSecond: 10,
          graceSeconds: [0, 20],
          absentEvery: 0,
          repeats: 1,
          goalMs: 10_000,
          settleTimeoutMs: 15_000,
          reapTimeoutMs: 0,
          failOnError: true,
        }
      : {
          peers: 5_000,
          zoneMaxPlayers: 50,
          seatPerSecond: 200,
          livePairs: 50,
          livePerSecond: 10,
          graceSeconds: [0, 20],
          // 50 of the killed node's 2,500 peers (one in every other session) never come back: the
          // survivor must find them gone, which is the node-failover timing the table reports.
          absentEvery: 50,
          repeats: 3,
          goalMs: 10_000,
          settleTimeoutMs: 30_000,
          reapTimeoutMs: 45_000,
          failOnError: false,
        };
    return stormReport(await runStorm(options, log), options, smoke);
  },
};
