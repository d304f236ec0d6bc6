import { counter } from '../metrics/metric-factory';
import { IDENTITY_REJECT_REASONS } from './identity-verdict';

/** Every result a check can have: vouched for, one of the reject reasons, or rAthena unreachable. */
export const IDENTITY_CHECK_RESULTS = ['ok', ...IDENTITY_REJECT_REASONS, 'unavailable'] as const;

export const identityChecks = counter({
  name: 'p2p_identity_checks_total',
  help: 'Identity checks against rAthena (IDENTITY_VERIFICATION=rathena), by result',
  labelNames: ['result'],
});
// Pre-created at 0 so an alert on rate(...{result="unavailable"}) sees 0 before the first outage.
for (const result of IDENTITY_CHECK_RESULTS) {
  identityChecks.inc({ result }, 0);
}

export const identityCacheHits = counter({
  name: 'p2p_identity_cache_hits_total',
  help: "Identity checks answered from the IDENTITY_CACHE_SECONDS cache without asking rAthena's database",
});
