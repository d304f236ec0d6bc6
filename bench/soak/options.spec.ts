import { parseSoakArgs } from './options';

describe('parseSoakArgs', () => {
  it('should build the options, defaults following the values given', () => {
    const options = parseSoakArgs([
      '--players=300',
      '--duration',
      '60',
      '--zones',
      'payon,geffen',
      '--node-env',
      'LOG_LEVEL=info',
    ]);

    expect(options).toMatchObject({
      players: 300,
      durationSec: 60,
      zones: ['payon', 'geffen'],
      churnPerMinute: 100,
      warmupSec: 12,
      nodeEnv: { LOG_LEVEL: 'info' },
    });
    expect(parseSoakArgs(['--help'])).toBe('help');
  });

  it('should refuse unknown flags, values out of bounds and non-loopback servers', () => {
    expect(() => parseSoakArgs(['--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseSoakArgs(['--duration', '4'])).toThrow(/--duration must be a number from 5/);
    expect(() => parseSoakArgs(['--zones', ''])).toThrow(/--zones needs a value/);
    expect(() => parseSoakArgs([], { SOAK_REDIS_URL: 'redis://cache.example:6379/9' })).toThrow(/non-loopback/);
  });
});
