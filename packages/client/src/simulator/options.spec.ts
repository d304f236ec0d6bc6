import { DEFAULT_OPTIONS, isLoopbackUrl, parseArgs } from './options';

describe('simulator options', () => {
  it('should default to 50 players in prontera for 30 s on the local coordinator', () => {
    expect(parseArgs([])).toMatchObject({
      players: 50,
      zones: ['prontera'],
      durationSec: 30,
      urls: ['http://127.0.0.1:8001'],
    });
  });

  it('should parse every option, in both --flag value and --flag=value forms', () => {
    const options = parseArgs([
      '--players',
      '120',
      '--zones',
      'prontera,geffen',
      '--duration=60',
      '--churn',
      '12',
      '--relay-rate',
      '2',
      '--dialect-mix',
      '0.25',
      '--map',
      '400x350',
      '--hot-spots',
      '5',
      '--url',
      'http://127.0.0.1:1,http://localhost:2',
      '--url',
      'http://[::1]:3',
      '--auth',
      '--api-key',
      'k',
      '--seed',
      '9',
      '--json',
    ]);
    expect(options).toMatchObject({
      players: 120,
      zones: ['prontera', 'geffen'],
      durationSec: 60,
      churnPerMinute: 12,
      relayRate: 2,
      dialectMix: 0.25,
      urls: ['http://127.0.0.1:1', 'http://localhost:2', 'http://[::1]:3'],
      auth: true,
      apiKey: 'k',
      seed: 9,
      json: true,
      world: { width: 400, height: 350, hotSpots: 5 },
    });
    expect(DEFAULT_OPTIONS.world.width).toBe(300);
  });

  it('should enforce the bounds and refuse remote coordinators unless allowed', () => {
    expect(() => parseArgs(['--players', '5001'])).toThrow(/players/);
    expect(() => parseArgs(['--duration', '3601'])).toThrow(/duration/);
    expect(() => parseArgs(['--dialect-mix', '2'])).toThrow(/dialect-mix/);
    expect(() => parseArgs(['--map', 'big'])).toThrow(/map/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--url', 'http://192.0.2.1:8001'])).toThrow(/allow-remote/);
    expect(parseArgs(['--url', 'http://192.0.2.1:8001', '--allow-remote'])).toMatchObject({
      urls: ['http://192.0.2.1:8001'],
    });
    expect(parseArgs(['--help'])).toBe('help');
  });

  it('should recognise loopback hosts only', () => {
    expect(isLoopbackUrl('http://127.0.0.5:1')).toBe(true);
    expect(isLoopbackUrl('http://localhost')).toBe(true);
    expect(isLoopbackUrl('http://127.example.com')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});
