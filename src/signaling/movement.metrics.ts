import { Injectable } from '@nestjs/common';
import { counter } from '../metrics/metric-factory';
import { MOVE_REFUSALS, SUSPICION_REASONS } from '../protocol/movement';

/** The movement model's counters; labels are the fixed refusal and suspicion reasons. */
@Injectable()
export class MovementMetrics {
  readonly refusals = counter({
    name: 'p2p_movement_refusals_total',
    help: 'Positions refused by the movement model, by reason (out_of_bounds, not_walkable, too_fast)',
    labelNames: ['reason'],
  });
  readonly relocations = counter({
    name: 'p2p_movement_relocations_total',
    help: 'Positions accepted as a relocation (Fly Wing, Teleport, warp, knock-back...)',
  });
  readonly suspicion = counter({
    name: 'p2p_movement_suspicion_points_total',
    help: 'Suspicion points given to peers, by reason (off_map, too_fast, teleport_rate, pace)',
    labelNames: ['reason'],
  });
  readonly suspicious = counter({
    name: 'p2p_movement_suspicious_total',
    help: 'Times a peer reached the suspicion limit (MOVEMENT_SUSPICION_LIMIT)',
  });

  constructor() {
    // Every reason is exported from the start, so a rate over it is defined before the first event.
    MOVE_REFUSALS.forEach((reason) => this.refusals.inc({ reason }, 0));
    SUSPICION_REASONS.forEach((reason) => this.suspicion.inc({ reason }, 0));
  }
}
