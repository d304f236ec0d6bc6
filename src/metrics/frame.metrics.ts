import { REJECT_REASONS } from '../protocol/frame';
import { counter, histogram } from './metric-factory';

/**
 * P2P2 frame and proximity metrics. Every reject reason is pre-created at 0 so a rate() over a
 * reason that has never happened yet is 0, not absent (alerts on rejection spikes need that).
 */
export const framesAccepted = counter({
  name: 'p2p_frames_accepted_total',
  help: 'P2P2 frames accepted',
  labelNames: ['type'],
});

export const framesRejected = counter({
  name: 'p2p_frames_rejected_total',
  help: 'P2P2 frames refused',
  labelNames: ['reason'],
});
for (const reason of REJECT_REASONS) {
  framesRejected.inc({ reason }, 0);
}

export const framesRelayed = counter({
  name: 'p2p_frames_relayed_total',
  help: 'Relayed frame copies sent to proximity peers',
});

export const proximityTick = histogram({
  name: 'p2p_proximity_tick_duration_seconds',
  help: 'Time to recompute the peer lists of one zone',
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1],
});

export const peerListSize = histogram({
  name: 'p2p_proximity_peer_list_size',
  help: 'Peers in a pushed proximity list',
  buckets: [0, 1, 2, 4, 6, 8, 10, 15, 20],
});
