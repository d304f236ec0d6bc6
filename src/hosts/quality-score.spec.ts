import { computeQualityScore, QualityInputs } from './quality-score';

const fullSpecHost = (overrides: Partial<QualityInputs> = {}): QualityInputs => ({
  latency_ms: 0,
  packet_loss_percent: 0,
  current_players: 0,
  max_players: 50,
  cpu_cores: 8,
  memory_mb: 16384,
  network_speed_mbps: 1000,
  ...overrides,
});

describe(computeQualityScore.name, () => {
  const sut = computeQualityScore;

  it('should give a fresh full-spec host 100', () => {
    expect(sut(fullSpecHost())).toBe(100);
  });

  it('should give a 1 core / 1 MB / 1 Mbps host 77.55', () => {
    expect(sut(fullSpecHost({ cpu_cores: 1, memory_mb: 1, network_speed_mbps: 1 }))).toBe(77.55);
  });

  it('should give 50 ms, 0.1 % loss and 5 of 50 players 92.3', () => {
    expect(sut(fullSpecHost({ latency_ms: 50, packet_loss_percent: 0.1, current_players: 5 }))).toBe(92.3);
  });

  it('should never let an over-capacity host fall below the other terms', () => {
    const full = sut(fullSpecHost({ current_players: 50 }));
    const overFull = sut(fullSpecHost({ current_players: 500 }));
    expect(full).toBe(75);
    expect(overFull).toBe(75);
  });

  it('should treat a host with no player capacity as full', () => {
    expect(sut(fullSpecHost({ max_players: 0 }))).toBe(75);
  });

  it('should floor the latency and loss terms at zero', () => {
    expect(sut(fullSpecHost({ latency_ms: 5000, packet_loss_percent: 100 }))).toBe(50);
  });

  it('should saturate the hardware terms at 4 cores, 8192 MB and 100 Mbps', () => {
    expect(sut(fullSpecHost({ cpu_cores: 4, memory_mb: 8192, network_speed_mbps: 100 }))).toBe(100);
    expect(sut(fullSpecHost({ cpu_cores: 2, memory_mb: 4096, network_speed_mbps: 50 }))).toBe(87.5);
  });

  it('should round to two decimals', () => {
    expect(sut(fullSpecHost({ latency_ms: 33.333 }))).toBe(96.67);
  });
});
