import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AiOutcome } from './ai.metrics';

/** An NPC as the AI service describes it; passed through to peers without interpretation. */
export type Npc = Record<string, unknown>;

export type NpcFetchResult = { outcome: 'ok'; npcs: Npc[] } | { outcome: Exclude<AiOutcome, 'ok'>; detail: string };

/** More NPCs than this in one zone is a misbehaving service; the rest are dropped, not relayed. */
const MAX_NPCS = 1000;

/**
 * `GET {AI_SERVICE_URL}/api/world/zones/{zone}/npcs`. Never throws: every failure comes back as an
 * outcome the caller counts, so one broken zone cannot break the polling loop.
 */
@Injectable()
export class AiNpcClient {
  constructor(private readonly config: AppConfig) {}

  async fetchNpcs(zone: string): Promise<NpcFetchResult> {
    const { url, apiKey, timeoutSeconds } = this.config.ai;
    const target = `${url.replace(/\/+$/, '')}/api/world/zones/${encodeURIComponent(zone)}/npcs`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (apiKey) {
      headers['x-api-key'] = apiKey;
    }
    // One signal bounds the whole exchange, body included: a service that stalls mid-body times out too.
    const signal = AbortSignal.timeout(timeoutSeconds * 1000);
    try {
      const response = await fetch(target, { headers, signal });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { outcome: 'http_error', detail: `HTTP ${response.status}` };
      }
      const npcs = npcsOf(await response.json());
      return npcs ? { outcome: 'ok', npcs } : { outcome: 'invalid_response', detail: 'no NPC list in the response' };
    } catch (error) {
      if (signal.aborted) {
        return { outcome: 'timeout', detail: `no answer within ${timeoutSeconds} s` };
      }
      if (error instanceof SyntaxError) {
        return { outcome: 'invalid_response', detail: 'response is not JSON' };
      }
      return { outcome: 'network_error', detail: (error as Error).message };
    }
  }
}

/** Accepts a bare array or `{ npcs: [...] }`; keeps only objects. */
function npcsOf(body: unknown): Npc[] | undefined {
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.npcs) ? body.npcs : undefined;
  return list?.filter(isObject).slice(0, MAX_NPCS);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
