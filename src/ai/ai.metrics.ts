import { counter } from '../metrics/metric-factory';

/** Outcomes of one NPC request to the AI service; everything but `ok` is a counted failure. */
export const AI_OUTCOMES = ['ok', 'timeout', 'http_error', 'network_error', 'invalid_response'] as const;
export type AiOutcome = (typeof AI_OUTCOMES)[number];

export const aiNpcRequests = counter({
  name: 'p2p_ai_npc_requests_total',
  help: 'NPC requests to the AI service, by outcome (timeout, http_error, network_error and invalid_response are failures)',
  labelNames: ['outcome'],
});
// Pre-created at 0 so an alert on rate(...{outcome="timeout"}) sees 0 before the first failure.
for (const outcome of AI_OUTCOMES) {
  aiNpcRequests.inc({ outcome }, 0);
}
