import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RegisterHostDto } from './register-host.dto';

const validBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  host_id: 'host-1',
  player_id: 'player-1',
  player_name: 'Lord Knight',
  ip_address: '192.0.2.10',
  port: 7000,
  cpu_cores: 8,
  cpu_frequency_mhz: 3600,
  memory_mb: 16384,
  network_speed_mbps: 1000,
  ...overrides,
});

async function failedFields(body: Record<string, unknown>): Promise<string[]> {
  const dto = plainToInstance(RegisterHostDto, body);
  const errors = await validate(dto, { whitelist: true });
  const fields: string[] = [];
  const walk = (list: typeof errors, prefix: string): void => {
    for (const error of list) {
      const path = prefix ? `${prefix}.${error.property}` : error.property;
      if (error.constraints) {
        fields.push(path);
      }
      walk(error.children ?? [], path);
    }
  };
  walk(errors, '');
  return fields;
}

describe(RegisterHostDto.name, () => {
  it('should accept a complete body', async () => {
    expect(await failedFields(validBody())).toEqual([]);
  });

  it('should accept IPv6 addresses', async () => {
    expect(await failedFields(validBody({ ip_address: '2001:db8::10', public_ip: '::1' }))).toEqual([]);
  });

  it.each([
    ['ip_address', '999.1.1.1'],
    ['ip_address', 'example.org'],
    ['public_ip', '10.0.0'],
  ])('should reject %s = %p', async (field, value) => {
    expect(await failedFields(validBody({ [field]: value }))).toEqual([field]);
  });

  it.each([
    ['host_id', 'bad id'],
    ['host_id', 'x'.repeat(65)],
    ['host_id', '-leading-dash'],
    ['player_id', ''],
    ['player_name', 'tab\there'],
    ['player_name', '   '],
    ['player_name', 'n'.repeat(65)],
    ['port', 0],
    ['port', 65536],
    ['cpu_cores', '8'],
    ['cpu_cores', 1.5],
    ['memory_mb', 0],
    ['max_players', 1001],
    ['max_zones', 0],
  ])('should reject %s = %p', async (field, value) => {
    expect(await failedFields(validBody({ [field]: value }))).toEqual([field]);
  });

  it('should accept a 64-character player name with spaces and non-Latin letters', async () => {
    expect(await failedFields(validBody({ player_name: `Ké ${'ア'.repeat(61)}` }))).toEqual([]);
  });

  it('should accept a list of ICE servers with string or list urls', async () => {
    const ice_servers = [
      { urls: 'stun:stun.example.org:3478' },
      {
        urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
        username: 'u',
        credential: 'c',
      },
    ];
    expect(await failedFields(validBody({ ice_servers }))).toEqual([]);
  });

  it('should wrap the single-object form into a one-entry list', async () => {
    const dto = plainToInstance(RegisterHostDto, validBody({ ice_servers: { urls: 'stun:stun.example.org' } }));
    expect(await validate(dto)).toEqual([]);
    expect(dto.ice_servers).toHaveLength(1);
    expect(dto.ice_servers?.[0].urls).toBe('stun:stun.example.org');
  });

  it.each([
    ['a non-ICE scheme', [{ urls: 'http://example.org' }]],
    ['an empty url list', [{ urls: [] }]],
    ['a url over 256 characters', [{ urls: `stun:${'a'.repeat(252)}` }]],
    ['a missing urls field', [{ username: 'u' }]],
    ['a control character in the credential', [{ urls: 'stun:a', credential: 'x\u0000' }]],
  ])('should reject ice_servers with %s', async (_label, ice_servers) => {
    const fields = await failedFields(validBody({ ice_servers }));
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((field) => field.startsWith('ice_servers'))).toBe(true);
  });

  it('should reject more than 10 ICE servers and non-object entries', async () => {
    const many = Array.from({ length: 11 }, () => ({ urls: 'stun:a' }));
    expect(await failedFields(validBody({ ice_servers: many }))).toEqual(['ice_servers']);
    expect(await failedFields(validBody({ ice_servers: ['stun:a'] }))).toEqual(['ice_servers.0']);
    expect(await failedFields(validBody({ ice_servers: 'stun:a' }))).toContain('ice_servers');
  });
});
