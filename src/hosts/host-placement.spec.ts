import {
  availabilityCriteria,
  AvailabilityCriteria,
  checkPlacement,
  checkSelection,
  HostMinimums,
  isEligible,
  isHeartbeatFresh,
  PlacementHost,
  SelectionHost,
} from './host-placement';

const minimums: HostMinimums = { cpuCores: 4, cpuFrequencyMhz: 3000, memoryMb: 8192, networkSpeedMbps: 100 };
const now = new Date('2026-01-01T12:00:00Z');
const limits = { maxLatencyMs: 100, heartbeatTimeoutMinutes: 5, selectionTimeoutSeconds: 90 };

const makeHost = (overrides: Partial<PlacementHost> = {}): PlacementHost => ({
  status: 'online',
  last_heartbeat: new Date(now.getTime() - 60_000),
  eligible: true,
  current_players: 0,
  max_players: 50,
  current_zones: 0,
  max_zones: 5,
  quality_score: 90,
  network_speed_mbps: 1000,
  latency_ms: 20,
  ...overrides,
});

describe(isEligible.name, () => {
  const sut = isEligible;
  const hardware = { cpu_cores: 4, cpu_frequency_mhz: 3000, memory_mb: 8192, network_speed_mbps: 100 };

  it('should accept a host exactly at every minimum', () => {
    expect(sut(hardware, minimums)).toBe(true);
  });

  it.each(['cpu_cores', 'cpu_frequency_mhz', 'memory_mb', 'network_speed_mbps'] as const)(
    'should reject a host one below the %s minimum',
    (field) => {
      expect(sut({ ...hardware, [field]: hardware[field] - 1 }, minimums)).toBe(false);
    },
  );
});

describe(isHeartbeatFresh.name, () => {
  it('should treat a missing heartbeat as stale', () => {
    expect(isHeartbeatFresh(null, 5, now)).toBe(false);
  });

  it('should accept a heartbeat exactly at the timeout and reject one just past it', () => {
    expect(isHeartbeatFresh(new Date(now.getTime() - 5 * 60_000), 5, now)).toBe(true);
    expect(isHeartbeatFresh(new Date(now.getTime() - 5 * 60_000 - 1), 5, now)).toBe(false);
  });
});

describe(availabilityCriteria.name, () => {
  const sut = availabilityCriteria;

  it('should apply only the global limits without a zone', () => {
    expect(sut(limits)).toEqual({
      minQualityScore: 0,
      minBandwidthMbps: 0,
      maxLatencyMs: 100,
      heartbeatTimeoutMinutes: 5,
      selectionTimeoutSeconds: 90,
    });
  });

  it('should take the stricter of the query and zone quality minimums', () => {
    const zone = { min_host_quality_score: 60, min_bandwidth_mbps: 200, max_latency_ms: 50 };
    expect(sut(limits, zone, 70).minQualityScore).toBe(70);
    expect(sut(limits, zone, 10).minQualityScore).toBe(60);
  });

  it('should never let a zone loosen the global latency cap', () => {
    const zone = { min_host_quality_score: 0, min_bandwidth_mbps: 1, max_latency_ms: 500 };
    expect(sut(limits, zone).maxLatencyMs).toBe(100);
    expect(sut(limits, { ...zone, max_latency_ms: 40 }).maxLatencyMs).toBe(40);
  });
});

describe(checkPlacement.name, () => {
  const sut = checkPlacement;
  const criteria: AvailabilityCriteria = {
    minQualityScore: 50,
    minBandwidthMbps: 100,
    maxLatencyMs: 100,
    heartbeatTimeoutMinutes: 5,
    selectionTimeoutSeconds: 90,
  };

  it('should accept an online, eligible host with room that meets the zone', () => {
    expect(sut(makeHost(), criteria, now)).toBe('ok');
  });

  it.each(['offline', 'busy', 'maintenance'] as const)('should report a %s host as offline', (status) => {
    expect(sut(makeHost({ status }), criteria, now)).toBe('offline');
  });

  it('should report an online host with a stale heartbeat as offline', () => {
    expect(sut(makeHost({ last_heartbeat: new Date(now.getTime() - 6 * 60_000) }), criteria, now)).toBe('offline');
  });

  it('should report an ineligible host', () => {
    expect(sut(makeHost({ eligible: false }), criteria, now)).toBe('not_eligible');
  });

  it('should report a host without player or zone room as full', () => {
    expect(sut(makeHost({ current_players: 50 }), criteria, now)).toBe('full');
    expect(sut(makeHost({ current_zones: 5 }), criteria, now)).toBe('full');
  });

  it.each([
    ['quality', { quality_score: 49.99 }],
    ['bandwidth', { network_speed_mbps: 99 }],
    ['latency', { latency_ms: 100.5 }],
  ])('should report a host below the zone %s requirement', (_label, overrides) => {
    expect(sut(makeHost(overrides), criteria, now)).toBe('below_zone_requirements');
  });
});

describe(checkSelection.name, () => {
  const sut = checkSelection;
  const criteria: AvailabilityCriteria = {
    minQualityScore: 0,
    minBandwidthMbps: 0,
    maxLatencyMs: 100,
    heartbeatTimeoutMinutes: 5,
    selectionTimeoutSeconds: 90,
  };
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const makeSelectable = (overrides: Partial<SelectionHost> = {}): SelectionHost => ({
    ...makeHost({ last_heartbeat: ago(30_000) }),
    registered_at: ago(60_000),
    ...overrides,
  });

  it('should choose a host that heartbeated after registering, recently', () => {
    expect(sut(makeSelectable(), criteria, now)).toBe('ok');
  });

  it('should not choose a host that registered and has sent no heartbeat since', () => {
    // Registration stamps both at once: the host still owes its first heartbeat.
    const registered = ago(1_000);
    expect(sut(makeSelectable({ registered_at: registered, last_heartbeat: registered }), criteria, now)).toBe(
      'awaiting_heartbeat',
    );
    expect(sut(makeSelectable({ last_heartbeat: null }), criteria, now)).toBe('offline');
  });

  it('should wait for a heartbeat again after the host re-registers', () => {
    expect(sut(makeSelectable({ registered_at: ago(10_000), last_heartbeat: ago(20_000) }), criteria, now)).toBe(
      'awaiting_heartbeat',
    );
  });

  it('should stop choosing a host once its heartbeat is older than the selection timeout', () => {
    expect(sut(makeSelectable({ registered_at: ago(200_000), last_heartbeat: ago(90_000) }), criteria, now)).toBe('ok');
    expect(sut(makeSelectable({ registered_at: ago(200_000), last_heartbeat: ago(90_001) }), criteria, now)).toBe(
      'heartbeat_late',
    );
  });

  it('should report what checkPlacement reports first', () => {
    expect(sut(makeSelectable({ status: 'offline' }), criteria, now)).toBe('offline');
    expect(sut(makeSelectable({ current_players: 50 }), criteria, now)).toBe('full');
  });
});
