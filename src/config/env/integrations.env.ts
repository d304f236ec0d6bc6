import { envVar } from '../env-var';

/** Integrations variables (see env-spec.ts). */
export const INTEGRATIONS_ENV = {
  AI_SERVICE_ENABLED: envVar.bool({ default: false, description: 'Poll the AI service for NPCs of active zones.' }),
  AI_SERVICE_URL: envVar.string({ default: 'http://localhost:8000', description: 'Base URL of the AI service.' }),
  AI_SERVICE_TIMEOUT: envVar.float({
    default: 30,
    min: 0.1,
    max: 600,
    description: 'Seconds before an AI service call is abandoned.',
  }),
  AI_SERVICE_API_KEY: envVar.string({
    default: undefined,
    secret: true,
    description: 'Sent to the AI service as `X-API-Key` when set.',
  }),
  AI_NPC_POLL_SECONDS: envVar.float({
    default: 5,
    min: 0.1,
    max: 3600,
    description:
      'How often NPCs are fetched from the AI service for each zone with peers on this node and pushed to them as `npc_update`.',
  }),
  PROMETHEUS_ENABLED: envVar.bool({ default: true, description: 'Serve Prometheus metrics.' }),
  PROMETHEUS_PORT: envVar.int({
    default: 9091,
    min: 0,
    max: 65535,
    description:
      'Port of the separate metrics listener; `0` (or the value of `PORT`) opens none, and `/metrics` stays on the main port.',
  }),
  METRICS_API_KEY: envVar.string({
    default: undefined,
    secret: true,
    description:
      'When set, `/metrics` (main port and `PROMETHEUS_PORT`) needs it as `Authorization: Bearer` or in the API key header; unset, `/metrics` is open.',
  }),
};
