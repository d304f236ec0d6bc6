import {
  parseBooleanFlag,
  playerCountProblem,
  resolveZoneSettings,
  seededZoneSettings,
  ZONE_DEFAULTS,
} from './zone-rules';

const names = { zone_name: 'prontera', zone_display_name: 'Prontera', map_name: 'prontera' };

describe(resolveZoneSettings.name, () => {
  const sut = resolveZoneSettings;

  it('should fill every omitted field with its default', () => {
    expect(sut(names)).toEqual({ ...names, ...ZONE_DEFAULTS, description: null });
  });

  it('should treat null like an omitted field', () => {
    expect(sut({ ...names, p2p_priority: null, p2p_enabled: null, description: null })).toMatchObject({
      p2p_priority: 1,
      p2p_enabled: true,
      description: null,
    });
  });

  it('should keep given values, false included', () => {
    expect(sut({ ...names, p2p_enabled: false, fallback_enabled: false, min_host_quality_score: 0 })).toMatchObject({
      p2p_enabled: false,
      fallback_enabled: false,
      min_host_quality_score: 0,
    });
  });

  it('should lower the default recommended count to a smaller max_players', () => {
    expect(sut({ ...names, max_players: 30 }).recommended_players).toBe(30);
    expect(sut({ ...names, max_players: 300 }).recommended_players).toBe(50);
  });
});

describe(playerCountProblem.name, () => {
  const sut = playerCountProblem;

  it('should accept recommended equal to max', () => {
    expect(sut({ max_players: 50, recommended_players: 50 })).toBeUndefined();
  });

  it('should name recommended_players when it exceeds max_players', () => {
    expect(sut({ max_players: 50, recommended_players: 51 })).toEqual({
      field: 'recommended_players',
      message: 'recommended_players (51) must not be greater than max_players (50)',
    });
  });
});

describe(seededZoneSettings.name, () => {
  it('should name the zone after its id, capitalise the display name and turn P2P on', () => {
    expect(seededZoneSettings('geffen', false)).toMatchObject({
      zone_name: 'geffen',
      zone_display_name: 'Geffen',
      map_name: 'geffen',
      p2p_enabled: true,
      fallback_enabled: false,
    });
  });
});

describe(parseBooleanFlag.name, () => {
  const sut = parseBooleanFlag;

  it.each(['true', 'TRUE', '1', 'yes', 'on'])('should read %p as true', (value) => {
    expect(sut(value)).toBe(true);
  });

  it.each(['false', 'False', '0', 'no', 'off'])('should read %p as false', (value) => {
    expect(sut(value)).toBe(false);
  });

  it('should leave anything else unchanged for the validator to reject', () => {
    expect(sut('maybe')).toBe('maybe');
    expect(sut(undefined)).toBeUndefined();
  });
});
