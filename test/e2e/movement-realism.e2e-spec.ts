import { DEFAULT_OPTIONS, runSimulation } from '@ro-p2p/client/simulator';
import request from 'supertest';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { MAP_CACHE_FIXTURE } from '../utils/map-cache';

/**
 * Issue #18: the simulator's realistic players (paths on the real maps, Fly Wing, warps, knock-back,
 * Snap, lag bursts, reconnects; frames and JSON) against a coordinator with the fixture map cache:
 * no honest player is refused or disconnected, and every cheater is refused or flagged.
 */
describe('Movement on realistic play (live)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      MAP_CACHE_FILE: MAP_CACHE_FIXTURE,
      P2P_ENABLED_ZONES: 'prontera,geffen,payon',
      PROXIMITY_TICK_MS: '100',
    });
  });

  afterAll(() => testApp.close());

  it('should refuse no honest player and catch both cheaters', async () => {
    const summary = await runSimulation({
      ...DEFAULT_OPTIONS,
      urls: [testApp.url],
      zones: ['prontera', 'geffen', 'payon'],
      players: 30,
      durationSec: 20,
      relayRate: 0,
      reconnectBaseMs: 100,
      movement: 'realistic',
      cheaters: 2,
      cheatKinds: ['off_map', 'teleport_spam'],
      cheatAfterMs: 3000,
      seed: 18,
    });

    const movement = summary.movement!;
    expect(movement.zones).toEqual(['prontera', 'geffen', 'payon']);
    const honest = movement.byKind.honest;
    expect(honest.players).toBe(30);
    expect(honest.positionsSent.frame).toBeGreaterThan(500);
    expect(honest.positionsSent.json).toBeGreaterThan(20);
    expect(honest.implausibleMoves).toEqual({});
    expect(honest.unaskedDisconnects).toBe(0);
    expect(summary.playersJoined).toBe(32);
    expect(summary.errors).toEqual({});

    // The off-map cheater is told so at once; the teleporter is flagged (suspicion), never refused.
    expect(movement.byKind.off_map.playersRefused).toBe(1);
    const http = request(testApp.url);
    for (const kind of ['off_map', 'teleport_spam']) {
      const [peerId] = movement.peers[kind];
      const res = await http.get(`/api/v1/signaling/peers/${peerId}/movement`).expect(200);
      const body = res.body as { suspicion: number; rejections: Record<string, number>; relocations: number };
      const refusals = Object.values(body.rejections).reduce((a, b) => a + b, 0);
      expect({ kind, caught: refusals > 0 || body.suspicion > 0 }).toEqual({ kind, caught: true });
      if (kind === 'teleport_spam') {
        expect(body.relocations).toBeGreaterThan(15);
      }
    }
    // Honest players' records: no refusal of any reason.
    for (const peerId of movement.peers.honest) {
      const res = await http.get(`/api/v1/signaling/peers/${peerId}/movement`).expect(200);
      expect({ peerId, rejections: res.body.rejections }).toEqual({
        peerId,
        rejections: { out_of_bounds: 0, not_walkable: 0, too_fast: 0 },
      });
    }
  }, 60_000);
});
