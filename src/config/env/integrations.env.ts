import type { EnvVarSpec } from '../env-spec';

/** Integrations variables (see env-spec.ts). */
export const INTEGRATIONS_ENV: EnvVarSpec[] = [
  { name: 'AI_SERVICE_ENABLED', kind: 'bool', group: 'integrations', default: 'false', description: 'Poll the AI service for NPCs of active zones.' },
  { name: 'AI_SERVICE_URL', kind: 'string', group: 'integrations', default: 'http://localhost:8000', description: 'Base URL of the AI service.' },
  { name: 'AI_SERVICE_TIMEOUT', kind: 'float', group: 'integrations', default: '30', min: 0.1, max: 600, description: 'Seconds before an AI service call is abandoned.' },
  { name: 'AI_SERVICE_API_KEY', kind: 'string', group: 'integrations', secret: true, description: 'Sent to the AI service as `X-API-Key` when set.' },
  { name: 'AI_NPC_POLL_SECONDS', kind: 'float', group: 'integrations', default: '5', min: 0.1, max: 3600, description: 'How often NPCs are fetched from the AI service for each zone with peers on this node and pushed to them as `npc_update`.' },
  { name: 'PROMETHEUS_ENABLED', kind: 'bool', group: 'integrations', default: 'true', description: 'Serve Prometheus metrics.' },
  { name: 'PROMETHEUS_PORT', kind: 'int', group: 'integrations', default: '9091', min: 0, max: 65535, description: 'Separate metrics listener when it differs from `PORT`.' },
  { name: 'METRICS_API_KEY', kind: 'string', group: 'integrations', secret: true, description: 'When set, `/metrics` (main port and `PROMETHEUS_PORT`) needs it as `Authorization: Bearer` or in the API key header; unset, `/metrics` is open.' },
];
