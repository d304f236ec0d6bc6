import { DEFAULT_OPTIONS, ProgressSnapshot, runSimulation, SimulationOptions } from '@ro-p2p/client/simulator';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** The player simulator, run programmatically against a real app for a few seconds. */
describe('Player simulator', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ P2P_ENABLED_ZONES: 'prontera,geffen', PROXIMITY_TICK_MS: '50' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const options = (overrides: Partial<SimulationOptions>): SimulationOptions => ({
    ...DEFAULT_OPTIONS,
    urls: [testApp.url],
    world: { width: 120, height: 120, hotSpots: 3, hotSpotShare: 0.6, hotSpotRadius: 8 },
    ...overrides,
  });

  it('should run 30 players in two zones and both dialects with consistent, error-free results', async () => {
    const progress: ProgressSnapshot[] = [];
    const summary = await runSimulation(
      options({
        players: 30,
        zones: ['prontera', 'geffen'],
        durationSec: 5,
        dialectMix: 0.3,
        relayRate: 1,
        reconnectBaseMs: 100,
      }),
      {
        onProgress: (snapshot) => progress.push(snapshot),
        progressIntervalMs: 1000,
      },
    );

    expect(summary.errors).toEqual({});
    expect(summary.players).toBe(30);
    expect(summary.playersJoined).toBe(30);
    expect(summary.joins).toBe(30);
    expect(summary.messages.sent.create_session).toBe(21);
    expect(summary.messages.sent.join).toBe(9);
    expect(summary.messages.received.joined).toBe(30);
    expect(summary.peerListUpdates).toBeGreaterThan(0);
    expect(summary.messages.received.peer_list).toBe(summary.peerListUpdates);
    expect(summary.messages.sent['frame:POSITION_UPDATE']).toBeGreaterThan(30);
    expect(summary.relayFramesSent).toBeGreaterThan(0);
    expect(summary.relayFramesDelivered).toBeGreaterThan(0);
    expect(summary.signalExchanges.offers).toBeGreaterThan(0);
    expect(summary.signalExchanges.completed).toBeLessThanOrEqual(summary.signalExchanges.offers);
    expect(summary.signalExchanges.completed).toBe(summary.messages.received.answer);
    expect(summary.signalLatencyMs.p50).not.toBeNull();
    expect(summary.signalLatencyMs.p99 as number).toBeGreaterThanOrEqual(summary.signalLatencyMs.p50 as number);
    expect(summary.messages.totalSent).toBe(Object.values(summary.messages.sent).reduce((a, b) => a + b, 0));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[progress.length - 1].connected).toBe(30);
  });

  it('should churn: players leave, come back and change zones', async () => {
    const summary = await runSimulation(
      options({
        players: 10,
        zones: ['prontera', 'geffen'],
        durationSec: 4,
        churnPerMinute: 300,
        relayRate: 0,
        reconnectBaseMs: 100,
        seed: 7,
      }),
    );
    expect(summary.leaves + summary.zoneChanges).toBeGreaterThan(3);
    expect(summary.joins).toBeGreaterThan(10);
    const unexpected = Object.keys(summary.errors).filter(
      (code) => code !== 'DELIVERY_FAILED' && code !== 'NOT_IN_SAME_SESSION',
    );
    expect(unexpected).toEqual([]);
  });

  it('should refuse a non-loopback coordinator without --allow-remote and out-of-bounds runs', async () => {
    await expect(runSimulation(options({ urls: ['http://203.0.113.9:8001'] }))).rejects.toThrow(/allow-remote/);
    await expect(runSimulation(options({ players: 5001 }))).rejects.toThrow(/players/);
    await expect(runSimulation(options({ durationSec: 3601 }))).rejects.toThrow(/duration/);
  });
});
